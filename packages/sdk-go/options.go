package flagswitch

import (
	"log/slog"
	"net/http"
	"time"
)

// Option configures a [Client]; pass them to [New].
type Option func(*config)

// config is the client's settings, defaults filled in by defaultConfig.
type config struct {
	baseURLs        []string
	pollInterval    time.Duration
	streaming       bool
	streamDeadAfter time.Duration // silence after which a stream is presumed dead
	filePath        string
	fileInterval    time.Duration // how often the file's size and time are checked
	cachePath       string
	bootstrap       any
	hasBootstrap    bool
	httpClient      *http.Client
	requestTimeout  time.Duration
	logger          *slog.Logger
	events          EventsConfig
	retry           backoff
}

func defaultConfig() config {
	return config{
		pollInterval:    30 * time.Second,
		streaming:       true,
		streamDeadAfter: 45 * time.Second, // three missed 15 s heartbeats
		fileInterval:    time.Second,
		httpClient:      &http.Client{}, // no overall timeout: it would cut streams; requests get their own
		requestTimeout:  10 * time.Second,
		logger:          slog.Default(),
		events:          EventsConfig{},
		retry:           backoff{initial: time.Second, max: 5 * time.Minute},
	}
}

// WithBaseURL sets the FlagSwitch server's base URL, such as "https://flags.example.com". Give
// several to fail over: a request that fails on one moves later requests to the next.
func WithBaseURL(urls ...string) Option {
	return func(c *config) { c.baseURLs = append([]string(nil), urls...) }
}

// WithPolling sets how often the document is fetched when not streaming, or while the stream
// is down (default 30 s; each wait varies by ±10 %).
func WithPolling(interval time.Duration) Option {
	return func(c *config) {
		if interval > 0 {
			c.pollInterval = interval
		}
	}
}

// WithStreaming turns server-sent-event streaming on (the default) or off. With streaming on,
// changes arrive within a second and polling runs only while the stream is down.
func WithStreaming(enabled bool) Option {
	return func(c *config) { c.streaming = enabled }
}

// WithFile reads the flag document from a JSON file instead of the server, and reloads it when
// the file changes. A file that does not validate is ignored; the last good document stays.
func WithFile(path string) Option {
	return func(c *config) { c.filePath = path }
}

// WithBootstrap serves doc (JSON text, decoded JSON or a [FlagDocument]) until the live source
// delivers, with status [StatusBootstrap].
func WithBootstrap(doc any) Option {
	return func(c *config) { c.bootstrap, c.hasBootstrap = doc, true }
}

// WithCacheFile keeps a copy of the last document received at path, and serves it at start-up
// (status [StatusCached]) until the live source delivers: the last good configuration survives
// a restart while the server is unreachable.
func WithCacheFile(path string) Option {
	return func(c *config) { c.cachePath = path }
}

// WithHTTPClient sets the HTTP client for every request. It must not have an overall Timeout,
// which would cut the stream; the SDK bounds each polling and events request itself.
func WithHTTPClient(client *http.Client) Option {
	return func(c *config) {
		if client != nil {
			c.httpClient = client
		}
	}
}

// WithLogger sets where the SDK logs (default slog.Default()).
func WithLogger(logger *slog.Logger) Option {
	return func(c *config) {
		if logger != nil {
			c.logger = logger
		}
	}
}

// WithEvents configures experiment events; the zero EventsConfig keeps every default.
func WithEvents(events EventsConfig) Option {
	return func(c *config) { c.events = events }
}

// WithRetryBackoff sets the exponential backoff between retries after errors: the first wait
// is about initial, doubling up to max (defaults 1 s and 5 min).
func WithRetryBackoff(initial, max time.Duration) Option {
	return func(c *config) {
		if initial > 0 && max >= initial {
			c.retry = backoff{initial: initial, max: max}
		}
	}
}

// EventsConfig configures experiment events: exposures (sent when an evaluation puts a context
// in a running experiment) and conversions ([Client.Track]).
type EventsConfig struct {
	// Disabled sends no events at all.
	Disabled bool
	// FlushInterval is the longest an event waits before it is sent (default 5 s).
	FlushInterval time.Duration
	// BatchSize is the most events sent in one request (default 500).
	BatchSize int
	// Capacity is the most events held while the server is unreachable; beyond it the oldest
	// are dropped and counted (default 10,000).
	Capacity int
	// DedupeSize is how many (flag, variation, context) exposures are remembered so that each
	// is sent once (default 10,000).
	DedupeSize int
}

func (e EventsConfig) withDefaults() EventsConfig {
	if e.FlushInterval <= 0 {
		e.FlushInterval = 5 * time.Second
	}
	if e.BatchSize <= 0 {
		e.BatchSize = 500
	}
	if e.Capacity <= 0 {
		e.Capacity = 10_000
	}
	if e.Capacity < e.BatchSize {
		e.Capacity = e.BatchSize
	}
	if e.DedupeSize <= 0 {
		e.DedupeSize = 10_000
	}
	return e
}
