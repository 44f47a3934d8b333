package flagswitch

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
)

// Client keeps a flag document current and evaluates flags against it. It is safe for
// concurrent use; evaluation reads an immutable snapshot without locking and never does I/O.
//
// Every method may be called on a nil *Client, which serves the caller's defaults.
type Client struct {
	config  config
	sdkKey  string
	store   *store
	events  *eventProcessor // nil when events are off
	workers goroutines
	stop    context.CancelFunc // ends the data sources and the cache writer
	stopAll context.CancelFunc // ends the event processor too
	closing sync.Once
	closed  atomic.Bool
}

// errClosed is returned by calls on a closed client.
var errClosed = errors.New("flagswitch: the client is closed")

// New starts a client for sdkKey (a server-side SDK key) and returns at once: the document
// arrives in the background. Call [Client.WaitUntilReady] to wait for it; until then every
// evaluation serves the [WithBootstrap] or [WithCacheFile] document, or the caller's default.
//
// ctx bounds only the set-up New does itself (reading the file of [WithFile] and the cache
// file); the client runs until [Client.Close].
//
// The error reports a configuration that cannot work as given (no data source, a bad base URL,
// an invalid bootstrap document). The returned client is usable even then: it serves what it
// has, and defaults.
//
//	client, err := flagswitch.New(ctx, sdkKey, flagswitch.WithBaseURL("https://flags.example.com"))
func New(ctx context.Context, sdkKey string, opts ...Option) (*Client, error) {
	cfg := defaultConfig()
	for _, opt := range opts {
		if opt != nil {
			opt(&cfg)
		}
	}
	cfg.events = cfg.events.withDefaults()
	logger := cfg.logger.With("sdk", SDKName)
	cfg.logger = logger
	c := &Client{config: cfg, sdkKey: sdkKey, store: newStore()}
	c.workers.logger = logger
	var problems []error

	if cfg.hasBootstrap {
		if doc, err := ValidateDocument(cfg.bootstrap); err != nil {
			problems = append(problems, fmt.Errorf("flagswitch: bootstrap document refused: %w", err))
		} else {
			c.store.installFallback(doc, StatusBootstrap)
		}
	}
	var cache *cacheFile
	if cfg.cachePath != "" && ctx.Err() == nil {
		cache = newCacheFile(cfg.cachePath, logger)
		if doc := cache.read(); doc != nil {
			c.store.installFallback(doc, StatusCached)
		}
		c.store.onLive = cache.offer
	}

	bases, err := newEndpoints(cfg.baseURLs)
	if err != nil {
		problems = append(problems, err)
		bases = &endpoints{}
	}
	network := cfg.filePath == "" && !bases.empty()
	switch {
	case network && sdkKey == "":
		problems = append(problems, errors.New("flagswitch: the SDK key is empty"))
		network = false
	case cfg.filePath == "" && bases.empty() && err == nil:
		problems = append(problems, errors.New("flagswitch: no data source: give WithBaseURL or WithFile"))
	}

	runCtx, stop := context.WithCancel(context.Background())
	eventsCtx, stopAll := context.WithCancel(context.Background())
	c.stop, c.stopAll = stop, stopAll
	if cache != nil {
		c.workers.start("cache file", func() { cache.run(runCtx) })
	}

	switch {
	case cfg.filePath != "":
		// size -1: until a load succeeds, the watcher sees the file as changed and retries.
		source := &fileSource{path: cfg.filePath, interval: cfg.fileInterval, store: c.store, logger: logger, size: -1}
		if err := ctx.Err(); err != nil {
			problems = append(problems, err)
		} else if err := source.load(); err != nil {
			logger.Error("flagswitch: flag file cannot be served", "error", err)
			c.store.liveFailed(err)
		}
		c.workers.start("file watcher", func() { source.watch(runCtx) })
	case network:
		c.startNetwork(runCtx, bases)
	default:
		c.store.liveFailed(errors.Join(problems...))
	}

	if !cfg.events.Disabled && !bases.empty() && sdkKey != "" {
		c.events = newEventProcessor(cfg.events, sdkKey, bases, cfg.httpClient, cfg.requestTimeout, cfg.retry, logger)
		c.workers.start("events", func() { c.events.run(eventsCtx) })
	}
	return c, errors.Join(problems...)
}

// startNetwork starts polling, and streaming unless it is off.
func (c *Client) startNetwork(ctx context.Context, endpoints *endpoints) {
	cfg := c.config
	poll := &poller{
		sdkKey: c.sdkKey, endpoints: endpoints, client: cfg.httpClient, timeout: cfg.requestTimeout,
		interval: cfg.pollInterval, retry: cfg.retry, store: c.store, logger: cfg.logger,
		wake: make(chan struct{}, 1),
	}
	if cfg.streaming {
		streamUp := &atomic.Bool{}
		poll.streamUp = streamUp
		stream := &streamer{
			sdkKey: c.sdkKey, endpoints: endpoints, client: cfg.httpClient, deadAfter: cfg.streamDeadAfter,
			retry: cfg.retry, store: c.store, logger: cfg.logger, streamUp: streamUp, wakePoller: poll.wake,
		}
		c.workers.start("stream", func() { stream.run(ctx) })
	}
	c.workers.start("polling", func() { poll.run(ctx) })
}

// WaitUntilReady waits until the client serves a document from the live source, and returns
// [StatusReady]. When the first attempt fails it returns at once what the client serves
// instead ([StatusCached], [StatusBootstrap] or [StatusFailed]) with the reason; the client
// keeps trying in the background. When ctx ends first it returns the same, with ctx's error.
func (c *Client) WaitUntilReady(ctx context.Context) (Status, error) {
	if c == nil {
		return StatusFailed, errClosed
	}
	select {
	case <-c.store.settled:
	case <-ctx.Done():
		status := c.Status()
		if status == StatusInitializing {
			status = StatusFailed
		}
		return status, ctx.Err()
	}
	status := c.Status()
	if status == StatusReady {
		return status, nil
	}
	if c.closed.Load() {
		return status, errClosed
	}
	if status == StatusInitializing {
		status = StatusFailed
	}
	return status, c.store.failure()
}

// Status returns what the client serves from right now.
func (c *Client) Status() Status {
	if c == nil {
		return StatusFailed
	}
	return c.store.currentStatus()
}

// Document returns the document being served (nil before any), for inspection or for
// [Evaluate] directly.
func (c *Client) Document() *Document {
	if c == nil {
		return nil
	}
	return c.store.document()
}

// Subscribe returns a channel of [ChangeEvent]s, one per document change that affects some
// flag, and a function that ends the subscription (and closes the channel). A slow reader
// never blocks the client: waiting events are merged. The channel also closes on Close.
func (c *Client) Subscribe() (<-chan ChangeEvent, func()) {
	if c == nil {
		events := make(chan ChangeEvent)
		close(events)
		return events, func() {}
	}
	return c.store.subscribe()
}

// EventStats reports how many experiment events were sent, dropped or are pending.
func (c *Client) EventStats() EventStats {
	if c == nil || c.events == nil {
		return EventStats{}
	}
	return c.events.stats()
}

// Flush sends every pending experiment event now and waits until they are sent or ctx ends.
func (c *Client) Flush(ctx context.Context) error {
	if c == nil || c.events == nil {
		return nil
	}
	if c.closed.Load() {
		return errClosed
	}
	return c.events.flush(ctx)
}

// Close stops the data sources, sends the pending events (until ctx ends), and waits for
// every background goroutine to finish. The client keeps serving its last document
// afterwards; Close returns the flush error, if any.
func (c *Client) Close(ctx context.Context) error {
	if c == nil {
		return nil
	}
	var err error
	c.closing.Do(func() {
		c.closed.Store(true)
		c.stop()
		if c.events != nil {
			err = c.events.flush(ctx)
		}
		c.stopAll()
		c.workers.wait()
		c.store.close()
	})
	return err
}
