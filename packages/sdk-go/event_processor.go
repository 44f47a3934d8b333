package flagswitch

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// eventProcessor buffers exposures and conversions and sends them in batches: when a batch is
// full or every flush interval. A batch that fails is retried with backoff under the same
// batchId; while the server is unreachable the buffer is bounded and drops its oldest events.
type eventProcessor struct {
	config    EventsConfig
	sdkKey    string
	endpoints *endpoints
	client    *http.Client
	timeout   time.Duration
	retry     backoff
	logger    *slog.Logger

	mu       sync.Mutex
	buffer   []event        // recorded, not yet batched
	pending  []pendingBatch // batched, oldest first, waiting to be sent
	inFlight string         // the id of the batch being sent, which is never trimmed
	dedupe   *exposureDedupe

	sent         atomic.Int64
	dropped      atomic.Int64
	sendFailures atomic.Int64

	full    chan struct{} // a batch is ready
	flushes chan flushRequest
	stopped chan struct{} // closed when run returns
}

type pendingBatch struct {
	id     string
	events []event
}

type flushRequest struct {
	ctx  context.Context
	done chan error
}

func newEventProcessor(config EventsConfig, sdkKey string, endpoints *endpoints, client *http.Client, timeout time.Duration, retry backoff, logger *slog.Logger) *eventProcessor {
	return &eventProcessor{
		config: config, sdkKey: sdkKey, endpoints: endpoints, client: client, timeout: timeout, retry: retry, logger: logger,
		dedupe: newExposureDedupe(config.DedupeSize), full: make(chan struct{}, 1), flushes: make(chan flushRequest), stopped: make(chan struct{}),
	}
}

// exposure records an exposure unless the same (flag, variation, context) was recorded lately.
// Deduplicating first means a malformed exposure on a hot path is reported once, not per call.
func (p *eventProcessor) exposure(e event) {
	p.mu.Lock()
	first := p.dedupe.firstTime(exposureKey{flagKey: e.FlagKey, variationKey: e.Variation, contextKey: e.ContextKey})
	p.mu.Unlock()
	if !first || p.refuses(e, "flag", e.FlagKey) {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.add(e)
}

func (p *eventProcessor) conversion(e event) {
	if p.refuses(e, "event", e.EventKey) {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.add(e)
}

// refuses drops an event the server would refuse, alone: sent, it would get its whole batch
// refused. It is counted as dropped and reported.
func (p *eventProcessor) refuses(e event, keyName, key string) bool {
	problem := e.problem()
	if problem == "" {
		return false
	}
	p.dropped.Add(1)
	p.logger.Warn("flagswitch: "+e.Kind+" not recorded", keyName, key, "reason", problem)
	return true
}

// add buffers e, dropping the oldest event when the buffer is full (the batch being sent
// excepted: it may well arrive). Callers hold mu.
func (p *eventProcessor) add(e event) {
	p.buffer = append(p.buffer, e)
	if p.heldLocked() > p.config.Capacity {
		p.dropOldestLocked()
		p.dropped.Add(1)
	}
	if len(p.buffer) >= p.config.BatchSize {
		select {
		case p.full <- struct{}{}:
		default:
		}
	}
}

// heldLocked counts the events waiting, the batch being sent excepted.
func (p *eventProcessor) heldLocked() int {
	held := len(p.buffer)
	for _, batch := range p.pending {
		if batch.id != p.inFlight {
			held += len(batch.events)
		}
	}
	return held
}

func (p *eventProcessor) dropOldestLocked() {
	for i := range p.pending {
		if p.pending[i].id == p.inFlight {
			continue
		}
		// The server deduplicates by batchId, so resending a batch that lost events is safe.
		p.pending[i].events = p.pending[i].events[1:]
		if len(p.pending[i].events) == 0 {
			p.pending = append(p.pending[:i], p.pending[i+1:]...)
		}
		return
	}
	p.buffer = p.buffer[1:]
}

func (p *eventProcessor) stats() EventStats {
	p.mu.Lock()
	defer p.mu.Unlock()
	pending := len(p.buffer)
	for _, batch := range p.pending {
		pending += len(batch.events)
	}
	return EventStats{Sent: p.sent.Load(), Dropped: p.dropped.Load(), Pending: pending, SendFailures: p.sendFailures.Load()}
}

func (p *eventProcessor) run(ctx context.Context) {
	defer close(p.stopped)
	timer := time.NewTimer(p.config.FlushInterval)
	defer timer.Stop()
	failures := 0
	for {
		var request *flushRequest
		sendCtx, onlyFull := ctx, false
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
		case <-p.full:
			if failures > 0 {
				continue // backing off: the timer says when to try again
			}
			onlyFull = true // the rest waits for the interval
		case flush := <-p.flushes:
			request, sendCtx = &flush, flush.ctx
		}
		err := p.sendAll(sendCtx, onlyFull)
		if request != nil {
			request.done <- err
		}
		next := p.config.FlushInterval
		if err != nil {
			failures++
			next = max(p.retry.delay(failures), retryDelay(err))
			p.logger.Warn("flagswitch: sending events failed; will retry the same batches", "error", err, "retryIn", next.Round(time.Millisecond))
		} else {
			failures = 0
		}
		if !timer.Stop() {
			select {
			case <-timer.C:
			default:
			}
		}
		timer.Reset(next)
	}
}

// flush sends every held event now, waiting until done or ctx ends.
func (p *eventProcessor) flush(ctx context.Context) error {
	request := flushRequest{ctx: ctx, done: make(chan error, 1)}
	select {
	case p.flushes <- request:
	case <-ctx.Done():
		return ctx.Err()
	case <-p.stopped:
		return errClosed
	}
	select {
	case err := <-request.done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// sendAll batches the buffer (only full batches when onlyFull) and sends every pending batch
// in order, stopping at the first that fails for a reason a retry may fix.
func (p *eventProcessor) sendAll(ctx context.Context, onlyFull bool) error {
	p.mu.Lock()
	for len(p.buffer) > 0 && (!onlyFull || len(p.buffer) >= p.config.BatchSize) {
		size := min(len(p.buffer), p.config.BatchSize)
		p.pending = append(p.pending, pendingBatch{id: newBatchID(), events: p.buffer[:size:size]})
		p.buffer = p.buffer[size:]
	}
	if len(p.buffer) == 0 {
		p.buffer = nil
	}
	p.mu.Unlock()

	for {
		p.mu.Lock()
		if len(p.pending) == 0 {
			p.mu.Unlock()
			return nil
		}
		batch := pendingBatch{id: p.pending[0].id, events: append([]event(nil), p.pending[0].events...)}
		p.inFlight = batch.id
		p.mu.Unlock()

		err := p.post(ctx, batch)
		p.mu.Lock()
		p.inFlight = ""
		p.mu.Unlock()
		var status *statusError
		permanent := errors.Is(err, errUnauthorized) || errors.Is(err, errUnencodable) ||
			(errors.As(err, &status) && status.status >= 400 && status.status < 500 && status.status != http.StatusRequestTimeout && status.status != http.StatusTooManyRequests)
		if err != nil && !permanent {
			p.sendFailures.Add(1)
			return err
		}
		p.mu.Lock()
		if len(p.pending) > 0 && p.pending[0].id == batch.id {
			p.pending = p.pending[1:]
		}
		p.mu.Unlock()
		if permanent {
			p.dropped.Add(int64(len(batch.events)))
			p.logger.Error("flagswitch: the server refused an event batch; dropping it", "batchId", batch.id, "events", len(batch.events), "error", err)
			continue
		}
		p.sent.Add(int64(len(batch.events)))
	}
}

func (p *eventProcessor) post(ctx context.Context, batch pendingBatch) error {
	body, err := json.Marshal(eventBatch{BatchID: batch.id, SDK: sdkInfo{Name: SDKName, Version: SDKVersion}, Events: batch.events})
	if err != nil {
		return fmt.Errorf("%w: %w", errUnencodable, err)
	}
	url, base := p.endpoints.url("/sdk/v1/events")
	ctx, cancel := context.WithTimeout(ctx, p.timeout)
	defer cancel()
	request, err := newSDKRequest(http.MethodPost, url, p.sdkKey, bytes.NewReader(body))
	if err != nil {
		return err
	}
	request = request.WithContext(ctx)
	request.Header.Set("Content-Type", "application/json")
	response, err := p.client.Do(request)
	if err != nil {
		err = fmt.Errorf("flagswitch: POST %s: %w", url, err)
	} else {
		defer response.Body.Close()
		if response.StatusCode/100 != 2 {
			err = classify(response, url)
		} else {
			_, _ = io.Copy(io.Discard, io.LimitReader(response.Body, 64<<10))
		}
	}
	if err != nil && ctx.Err() == nil && shouldFailOver(err) {
		p.endpoints.failed(base)
	}
	return err
}

// errUnencodable marks a batch that cannot be written as JSON: retrying cannot help.
var errUnencodable = errors.New("flagswitch: an event batch cannot be encoded")

func newBatchID() string {
	var id [16]byte
	_, _ = rand.Read(id[:])
	return hex.EncodeToString(id[:])
}
