package flagswitch

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
)

// cacheFile keeps the last live document on disk (WithCacheFile), so that a restart while the
// server is unreachable still serves the last good configuration.
type cacheFile struct {
	path   string
	logger *slog.Logger
	// pending holds the newest document waiting to be written (older ones are skipped).
	pending chan *Document
}

func newCacheFile(path string, logger *slog.Logger) *cacheFile {
	return &cacheFile{path: path, logger: logger, pending: make(chan *Document, 1)}
}

// read returns the cached document, or nil when there is none usable.
func (c *cacheFile) read() *Document {
	text, err := os.ReadFile(c.path)
	if err != nil {
		if !os.IsNotExist(err) {
			c.logger.Warn("flagswitch: cache file unreadable", "path", c.path, "error", err)
		}
		return nil
	}
	doc, err := ValidateDocument(text)
	if err != nil {
		c.logger.Warn("flagswitch: cache file refused", "path", c.path, "error", err)
		return nil
	}
	return doc
}

// offer queues doc to be written, replacing any document not yet written.
func (c *cacheFile) offer(doc *Document) {
	for {
		select {
		case c.pending <- doc:
			return
		default:
		}
		select {
		case <-c.pending:
		default:
		}
	}
}

// run writes queued documents until ctx ends, then writes the last one still queued.
func (c *cacheFile) run(ctx context.Context) {
	for {
		select {
		case doc := <-c.pending:
			c.write(doc)
		case <-ctx.Done():
			select {
			case doc := <-c.pending:
				c.write(doc)
			default:
			}
			return
		}
	}
}

// write replaces the file atomically (a temporary file renamed over it), so a crash never
// leaves half a document.
func (c *cacheFile) write(doc *Document) {
	text, err := doc.MarshalJSON()
	if err == nil {
		var temporary *os.File
		temporary, err = os.CreateTemp(filepath.Dir(c.path), filepath.Base(c.path)+".*.tmp")
		if err == nil {
			_, err = temporary.Write(text)
			if closeErr := temporary.Close(); err == nil {
				err = closeErr
			}
			if err == nil {
				err = os.Rename(temporary.Name(), c.path)
			}
			if err != nil {
				_ = os.Remove(temporary.Name())
			}
		}
	}
	if err != nil {
		c.logger.Warn("flagswitch: cache file not written", "path", c.path, "error", err)
	}
}
