package flagswitch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"
)

// poller fetches the document with GET {base}/sdk/v1/flags every interval (±10 %), sending
// the last ETag so that an unchanged document costs a 304. Errors back off exponentially,
// honouring Retry-After. With streaming on it polls only while the stream is down.
type poller struct {
	sdkKey    string
	endpoints *endpoints
	client    *http.Client
	timeout   time.Duration
	interval  time.Duration
	retry     backoff
	store     *store
	logger    *slog.Logger
	// streamUp is set while a stream delivers; the poller then stays idle.
	streamUp *atomic.Bool
	// wake asks for a poll now (the stream just went down).
	wake chan struct{}

	etag     string
	failures int
}

// idle is a timer duration that never elapses in practice.
const idle = time.Duration(1<<63 - 1)

func (p *poller) run(ctx context.Context) {
	first := time.Duration(0)
	if p.streamUp != nil {
		first = idle // streaming: the stream delivers first; wake says when to step in
	}
	timer := time.NewTimer(first)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
		case <-p.wake:
			if !timer.Stop() {
				select {
				case <-timer.C:
				default:
				}
			}
		}
		next := jittered(p.interval)
		if p.streamUp == nil || !p.streamUp.Load() {
			var stop bool
			if next, stop = p.poll(ctx); stop {
				return
			}
		}
		if ctx.Err() != nil {
			return
		}
		timer.Reset(next)
	}
}

// poll fetches once and returns the wait before the next poll, or stop when polling cannot
// succeed any more (the SDK key is refused).
func (p *poller) poll(ctx context.Context) (next time.Duration, stop bool) {
	err := p.fetch(ctx)
	switch {
	case err == nil:
		p.failures = 0
		return jittered(p.interval), false
	case ctx.Err() != nil:
		return 0, true
	case errors.Is(err, errUnauthorized):
		p.logger.Error("flagswitch: polling stopped", "error", err)
		p.store.liveFailed(err)
		return 0, true
	}
	p.failures++
	p.store.liveFailed(err)
	delay := max(p.retry.delay(p.failures), retryDelay(err))
	p.logger.Warn("flagswitch: polling failed; keeping the last good document", "error", err, "retryIn", delay.Round(time.Millisecond))
	return delay, false
}

func (p *poller) fetch(ctx context.Context) error {
	url, base := p.endpoints.url("/sdk/v1/flags")
	err := p.fetchFrom(ctx, url)
	if err != nil && ctx.Err() == nil && shouldFailOver(err) {
		p.endpoints.failed(base)
	}
	return err
}

func (p *poller) fetchFrom(ctx context.Context, url string) error {
	ctx, cancel := context.WithTimeout(ctx, p.timeout)
	defer cancel()
	request, err := newSDKRequest(http.MethodGet, url, p.sdkKey, nil)
	if err != nil {
		return err
	}
	request = request.WithContext(ctx)
	request.Header.Set("Accept", "application/json")
	if p.etag != "" && p.store.document() != nil {
		request.Header.Set("If-None-Match", p.etag)
	}
	response, err := p.client.Do(request)
	if err != nil {
		return fmt.Errorf("flagswitch: GET %s: %w", url, err)
	}
	defer response.Body.Close()
	switch {
	case response.StatusCode == http.StatusNotModified:
		p.store.confirmLive() // still current
		return nil
	case response.StatusCode != http.StatusOK:
		return classify(response, url)
	}
	body, err := io.ReadAll(io.LimitReader(response.Body, maxDocumentBytes+1))
	if err != nil {
		return fmt.Errorf("flagswitch: GET %s: reading the document: %w", url, err)
	}
	if len(body) > maxDocumentBytes {
		return fmt.Errorf("flagswitch: GET %s: document larger than %d bytes", url, maxDocumentBytes)
	}
	doc, err := ValidateDocument(body)
	if err != nil {
		return fmt.Errorf("flagswitch: GET %s: %w", url, err)
	}
	if p.streamUp != nil && p.streamUp.Load() {
		return nil // the stream came back meanwhile and is newer than this answer
	}
	p.store.installLive(doc)
	p.etag = response.Header.Get("ETag")
	return nil
}
