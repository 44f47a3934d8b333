package flagswitch

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"time"
)

// fileSource serves the document in a JSON file and reloads it when the file changes (its
// size or modification time). There is no file-watching API in the standard library; checking
// a stat once a second costs next to nothing and works on every platform and volume type.
type fileSource struct {
	path     string
	interval time.Duration
	store    *store
	logger   *slog.Logger

	size     int64
	modified time.Time
}

// load reads the file now; the error says why it could not be served.
func (f *fileSource) load() error {
	info, err := os.Stat(f.path)
	if err != nil {
		return fmt.Errorf("flagswitch: flag file: %w", err)
	}
	text, err := os.ReadFile(f.path)
	if err != nil {
		return fmt.Errorf("flagswitch: flag file: %w", err)
	}
	// Remembered once read: a file that does not validate is not read again until it changes.
	f.size, f.modified = info.Size(), info.ModTime()
	doc, err := ValidateDocument(text)
	if err != nil {
		return fmt.Errorf("flagswitch: flag file %s: %w", f.path, err)
	}
	f.store.installLive(doc)
	return nil
}

// watch reloads the file whenever its size or modification time changes.
func (f *fileSource) watch(ctx context.Context) {
	ticker := time.NewTicker(f.interval)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
		info, err := os.Stat(f.path)
		if err != nil || (info.Size() == f.size && info.ModTime().Equal(f.modified)) {
			continue
		}
		if err := f.load(); err != nil {
			f.logger.Warn("flagswitch: flag file changed but cannot be served; keeping the last good document", "error", err)
		}
	}
}
