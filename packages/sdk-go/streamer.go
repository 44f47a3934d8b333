package flagswitch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// streamer follows GET {base}/sdk/v1/stream: a "put" (the whole document) on connect, then
// "patch" and "delete" events. A stream silent for longer than deadAfter (the server sends a
// heartbeat comment every 15 s) is presumed dead and reconnected, with backoff; while it is
// down the poller takes over.
type streamer struct {
	sdkKey    string
	endpoints *endpoints
	client    *http.Client
	deadAfter time.Duration
	retry     backoff
	store     *store
	logger    *slog.Logger
	streamUp  *atomic.Bool
	// wakePoller asks the poller to poll now.
	wakePoller chan<- struct{}
}

func (s *streamer) run(ctx context.Context) {
	failures := 0
	for {
		delivered, err := s.follow(ctx)
		s.streamUp.Store(false)
		if ctx.Err() != nil {
			return
		}
		select {
		case s.wakePoller <- struct{}{}:
		default:
		}
		if errors.Is(err, errUnauthorized) {
			s.logger.Error("flagswitch: streaming stopped", "error", err)
			s.store.liveFailed(err)
			return
		}
		if delivered {
			failures = 0
		}
		failures++
		delay := max(s.retry.delay(failures), retryDelay(err))
		s.logger.Warn("flagswitch: stream down; polling until it reconnects", "error", err, "reconnectIn", delay.Round(time.Millisecond))
		wait := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			wait.Stop()
			return
		case <-wait.C:
		}
	}
}

// follow connects once and applies events until the stream ends; delivered reports whether
// any event arrived (then the next reconnection starts a fresh backoff).
func (s *streamer) follow(ctx context.Context) (delivered bool, err error) {
	url, base := s.endpoints.url("/sdk/v1/stream")
	defer func() {
		if err != nil && ctx.Err() == nil && shouldFailOver(err) {
			s.endpoints.failed(base)
		}
	}()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// The watchdog cancels the request when the stream stays silent too long.
	var silent atomic.Bool
	watchdog := time.AfterFunc(s.deadAfter, func() {
		silent.Store(true)
		cancel()
	})
	defer watchdog.Stop()

	request, err := newSDKRequest(http.MethodGet, url, s.sdkKey, nil)
	if err != nil {
		return false, err
	}
	request = request.WithContext(ctx)
	request.Header.Set("Accept", "text/event-stream")
	request.Header.Set("Cache-Control", "no-cache")
	response, err := s.client.Do(request)
	if err != nil {
		return false, s.explain(url, err, &silent)
	}
	defer response.Body.Close()
	if response.StatusCode != http.StatusOK {
		return false, classify(response, url)
	}
	if contentType := response.Header.Get("Content-Type"); !strings.HasPrefix(contentType, "text/event-stream") {
		return false, fmt.Errorf("flagswitch: GET %s: content type %q is not an event stream", url, contentType)
	}
	events := newSSEReader(response.Body, func() { watchdog.Reset(s.deadAfter) })
	for {
		event, err := events.next()
		if err != nil {
			if errors.Is(err, io.EOF) {
				err = fmt.Errorf("flagswitch: GET %s: the server closed the stream", url)
			}
			return delivered, s.explain(url, err, &silent)
		}
		delivered = true
		s.apply(event)
	}
}

func (s *streamer) explain(url string, err error, silent *atomic.Bool) error {
	if silent.Load() {
		return fmt.Errorf("flagswitch: GET %s: no event or heartbeat for %v; presumed dead", url, s.deadAfter)
	}
	return fmt.Errorf("flagswitch: GET %s: %w", url, err)
}

func (s *streamer) apply(event sseEvent) {
	var err error
	switch event.name {
	case "put":
		var doc *Document
		if doc, err = ValidateDocument(event.data); err == nil {
			s.store.installLive(doc)
			s.streamUp.Store(true)
		} else {
			s.store.liveFailed(fmt.Errorf("flagswitch: stream put: %w", err))
		}
	case "patch":
		err = s.store.update(func(current *Document) (*Document, bool, error) {
			next, applied, err := ApplyPatch(current, event.data)
			return withEventVersion(next, applied, err, event.id)
		})
	case "delete":
		err = s.store.update(func(current *Document) (*Document, bool, error) {
			next, applied, err := ApplyDelete(current, event.data)
			return withEventVersion(next, applied, err, event.id)
		})
	default:
		return // a newer server's event this SDK does not know
	}
	if err != nil {
		s.logger.Warn("flagswitch: stream event refused; keeping the last good document",
			"event", event.name, "id", event.id, "error", err)
	}
}

// withEventVersion gives a patched document the environment version the event's id carries
// (the server numbers every event so), keeping Version and the cache file current.
func withEventVersion(next *Document, applied bool, err error, id string) (*Document, bool, error) {
	version, parseErr := strconv.ParseInt(id, 10, 64)
	if err == nil && applied && parseErr == nil && version > next.version {
		// next is new and not yet installed: nobody else sees this change.
		next.version = version
		next.raw["version"] = float64(version)
	}
	return next, applied, err
}
