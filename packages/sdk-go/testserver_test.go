package flagswitch

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// testServer speaks the SDK side of the FlagSwitch protocol over real HTTP (httptest): the
// document with ETags, the event stream, and event batches. Tests script its failures.
type testServer struct {
	*httptest.Server
	sdkKey string

	mu              sync.Mutex
	document        []byte
	version         int
	flagsRequests   []http.Header
	flagsScript     []scripted // answers served, in order, before the document
	streamScript    []scripted // answers to stream requests, in order, before a real stream
	streamRequests  int
	streams         map[*serverStream]struct{}
	heartbeat       time.Duration // 0: no heartbeat comments
	batches         []eventBatch
	batchBodies     [][]byte
	eventsScript    []scripted
	eventsRequested int
}

// scripted is one canned answer.
type scripted struct {
	status int
	header map[string]string
	body   string
}

type serverStream struct {
	events chan string
	drop   chan struct{}
}

func newTestServer(t *testing.T, doc any) *testServer {
	t.Helper()
	s := &testServer{sdkKey: "server-key-123", streams: map[*serverStream]struct{}{}}
	s.setDocument(t, doc)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /sdk/v1/flags", s.serveFlags)
	mux.HandleFunc("GET /sdk/v1/stream", s.serveStream)
	mux.HandleFunc("POST /sdk/v1/events", s.serveEvents)
	s.Server = httptest.NewServer(mux)
	t.Cleanup(func() {
		s.dropStreams()
		s.Server.CloseClientConnections()
		s.Server.Close()
	})
	return s
}

func (s *testServer) setDocument(t *testing.T, doc any) {
	t.Helper()
	text, ok := doc.([]byte)
	if !ok {
		var err error
		if text, err = json.Marshal(doc); err != nil {
			t.Fatal(err)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.document = text
	s.version++
}

func (s *testServer) authorized(w http.ResponseWriter, r *http.Request) bool {
	if r.Header.Get("Authorization") != s.sdkKey {
		http.Error(w, "unknown key", http.StatusUnauthorized)
		return false
	}
	return true
}

func (s *testServer) serveFlags(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.flagsRequests = append(s.flagsRequests, r.Header.Clone())
	var answer *scripted
	if len(s.flagsScript) > 0 {
		answer = &s.flagsScript[0]
		s.flagsScript = s.flagsScript[1:]
	}
	document, etag := s.document, fmt.Sprintf(`"v%d"`, s.version)
	s.mu.Unlock()
	if answer != nil {
		answer.write(w)
		return
	}
	if !s.authorized(w, r) {
		return
	}
	w.Header().Set("ETag", etag)
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(document)
}

func (a scripted) write(w http.ResponseWriter) {
	for name, value := range a.header {
		w.Header().Set(name, value)
	}
	w.WriteHeader(a.status)
	_, _ = io.WriteString(w, a.body)
}

func (s *testServer) serveStream(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.streamRequests++
	var answer *scripted
	if len(s.streamScript) > 0 {
		answer = &s.streamScript[0]
		s.streamScript = s.streamScript[1:]
	}
	stream := &serverStream{events: make(chan string, 64), drop: make(chan struct{})}
	document, heartbeat := s.document, s.heartbeat
	s.mu.Unlock()
	if answer != nil {
		answer.write(w)
		return
	}
	if !s.authorized(w, r) {
		return
	}
	s.mu.Lock()
	s.streams[stream] = struct{}{}
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.streams, stream)
		s.mu.Unlock()
	}()
	w.Header().Set("Content-Type", "text/event-stream; charset=utf-8")
	flusher := w.(http.Flusher)
	fmt.Fprintf(w, "id: 1\nevent: put\ndata: %s\n\n", document)
	flusher.Flush()
	var beat <-chan time.Time
	if heartbeat > 0 {
		ticker := time.NewTicker(heartbeat)
		defer ticker.Stop()
		beat = ticker.C
	}
	for {
		select {
		case text := <-stream.events:
			_, _ = io.WriteString(w, text)
			flusher.Flush()
		case <-beat:
			_, _ = io.WriteString(w, ":\n\n")
			flusher.Flush()
		case <-stream.drop:
			return
		case <-r.Context().Done():
			return
		}
	}
}

// push sends an event to every connected stream, numbered as the server numbers them (the
// environment's next document version).
func (s *testServer) push(name string, data any) {
	text, err := json.Marshal(data)
	if err != nil {
		panic(err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.version++
	for stream := range s.streams {
		stream.events <- fmt.Sprintf("id: %d\nevent: %s\ndata: %s\n\n", s.version, name, text)
	}
}

func (s *testServer) connectedStreams() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.streams)
}

func (s *testServer) dropStreams() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for stream := range s.streams {
		close(stream.drop)
		delete(s.streams, stream)
	}
}

func (s *testServer) serveEvents(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	s.eventsRequested++
	var answer *scripted
	if len(s.eventsScript) > 0 {
		answer = &s.eventsScript[0]
		s.eventsScript = s.eventsScript[1:]
	}
	s.mu.Unlock()
	if answer != nil {
		answer.write(w)
		return
	}
	if !s.authorized(w, r) {
		return
	}
	var batch eventBatch
	decoder := json.NewDecoder(bytes.NewReader(body))
	decoder.DisallowUnknownFields()
	if err := decoder.Decode(&batch); err != nil || r.Header.Get("Content-Type") != "application/json" {
		http.Error(w, "bad batch", http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	s.batches = append(s.batches, batch)
	s.batchBodies = append(s.batchBodies, body)
	s.mu.Unlock()
	w.WriteHeader(http.StatusAccepted)
	_, _ = io.WriteString(w, `{"accepted":1,"duplicate":false}`)
}

func (s *testServer) flagsRequestCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.flagsRequests)
}

func (s *testServer) receivedBatches() []eventBatch {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]eventBatch(nil), s.batches...)
}

// eventually waits up to 5 s for condition, failing the test with what it waited for.
func eventually(t *testing.T, what string, condition func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !condition() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// Options for tests: fast timings, logs kept in a buffer the test can read.
func withStreamDeadAfter(d time.Duration) Option { return func(c *config) { c.streamDeadAfter = d } }
func withFileInterval(d time.Duration) Option    { return func(c *config) { c.fileInterval = d } }

type syncBuffer struct {
	mu   sync.Mutex
	text bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.text.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.text.String()
}

// newTestClient starts a client against server with fast timings; it is closed (and checked
// for leaked goroutines) when the test ends. logs receives what the client logs.
func newTestClient(t *testing.T, server *testServer, opts ...Option) (*Client, *syncBuffer) {
	t.Helper()
	checkNoLeakedGoroutines(t)
	logs := &syncBuffer{}
	base := []Option{
		WithPolling(50 * time.Millisecond), WithRetryBackoff(10*time.Millisecond, 80*time.Millisecond),
		WithLogger(slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))),
		withStreamDeadAfter(2 * time.Second),
	}
	if server != nil {
		base = append(base, WithBaseURL(server.URL))
	}
	key := "server-key-123"
	client, err := New(context.Background(), key, append(base, opts...)...)
	// Closed whatever New answered: a client it returns with an error still runs its sources,
	// and one left running would be reported as leaked by every later test.
	t.Cleanup(func() {
		if err := client.Close(context.Background()); err != nil && err != errClosed {
			t.Errorf("Close: %v", err)
		}
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return client, logs
}

// sourceFrame matches a stack frame in this package's files.
var sourceFrame = regexp.MustCompile(`/sdk-go/[a-z_]+\.go:\d+`)

// runsOurCode reports whether a goroutine's stack has a frame in this package's non-test code.
func runsOurCode(stack string) bool {
	for _, frame := range sourceFrame.FindAllString(stack, -1) {
		if !strings.Contains(frame, "_test.go:") {
			return true
		}
	}
	return false
}

// checkNoLeakedGoroutines fails the test if any goroutine running this package's code is left
// once the test and its other clean-ups (registered later, so run earlier) are done.
func checkNoLeakedGoroutines(t *testing.T) {
	t.Cleanup(func() {
		var leaked []string
		for deadline := time.Now().Add(3 * time.Second); ; time.Sleep(10 * time.Millisecond) {
			leaked = leaked[:0]
			buffer := make([]byte, 1<<20)
			for _, stack := range strings.Split(string(buffer[:runtime.Stack(buffer, true)]), "\n\n") {
				if runsOurCode(stack) && !strings.Contains(stack, "checkNoLeakedGoroutines") {
					leaked = append(leaked, stack)
				}
			}
			if len(leaked) == 0 || time.Now().After(deadline) {
				break
			}
		}
		if len(leaked) > 0 {
			t.Errorf("%d goroutines leaked:\n%s", len(leaked), strings.Join(leaked, "\n\n"))
		}
	})
}

func newBufferLogger(logs *syncBuffer) *slog.Logger {
	return slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// blockingHandler accepts requests and answers none until release closes.
func blockingHandler(release <-chan struct{}) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
}
