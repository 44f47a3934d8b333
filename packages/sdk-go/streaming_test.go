package flagswitch

import (
	"context"
	"strings"
	"testing"
	"time"
)

func streamingDocument() FlagDocument {
	return documentOf([]Flag{
		booleanFlag("f", func(f *Flag) { f.Version = 5 }),
		booleanFlag("g", func(f *Flag) {
			f.Version = 1
			f.Rules = []Rule{{ID: "beta", Clauses: []Clause{{Attribute: "key", Op: "inSegment", Values: []any{"beta"}}}, Serve: ServeVariation(0)}}
		}),
	}, Segment{Key: "beta", Version: 1, Included: []string{"ann"}})
}

func nextChange(t *testing.T, changes <-chan ChangeEvent) ChangeEvent {
	t.Helper()
	select {
	case change := <-changes:
		return change
	case <-time.After(5 * time.Second):
		t.Fatal("no change event")
		return ChangeEvent{}
	}
}

func TestStreamingAppliesPutPatchAndDelete(t *testing.T) {
	server := newTestServer(t, streamingDocument())
	client, logs := newTestClient(t, server, WithPolling(time.Hour))
	if status, err := client.WaitUntilReady(context.Background()); status != StatusReady || err != nil {
		t.Fatalf("%s, %v", status, err)
	}
	eventually(t, "the stream connected", func() bool { return server.connectedStreams() == 1 })
	changes, unsubscribe := client.Subscribe()
	defer unsubscribe()

	server.push("patch", map[string]any{"kind": "flag", "key": "f", "data": booleanFlag("f", func(f *Flag) { f.Version = 6; f.Enabled = false })})
	if change := nextChange(t, changes); strings.Join(change.FlagKeys, ",") != "f" || change.Version != 2 {
		t.Errorf("patch: %+v, want flag f at the event's version 2", change)
	}
	if client.BoolVariation("f", nil, true) {
		t.Error("patch not applied")
	}

	// A stale patch (version 4 < 6) and an invalid one are ignored.
	server.push("patch", map[string]any{"kind": "flag", "key": "f", "data": booleanFlag("f", func(f *Flag) { f.Version = 4 })})
	server.push("patch", map[string]any{"kind": "flag", "key": "f", "data": map[string]any{"key": "f", "version": 9}})
	eventually(t, "the invalid patch refused", func() bool { return strings.Contains(logs.String(), "stream event refused") })
	if client.BoolVariation("f", nil, true) {
		t.Error("a stale or invalid patch was applied")
	}

	// A segment change reaches the flags that use it.
	server.push("patch", map[string]any{"kind": "segment", "key": "beta", "data": Segment{Key: "beta", Version: 2, Included: []string{"bob"}}})
	if change := nextChange(t, changes); strings.Join(change.FlagKeys, ",") != "g" {
		t.Errorf("segment patch: %+v", change)
	}
	if client.BoolVariation("g", Context{"key": "bob"}, true) || !client.BoolVariation("g", Context{"key": "ann"}, false) {
		t.Error("segment patch not applied")
	}

	server.push("delete", map[string]any{"kind": "flag", "key": "f", "version": 7})
	if change := nextChange(t, changes); strings.Join(change.FlagKeys, ",") != "f" {
		t.Errorf("delete: %+v", change)
	}
	if detail := client.VariationDetail("f", nil, "d"); detail.Reason.ErrorKind != ErrorFlagNotFound {
		t.Errorf("deleted flag: %+v", detail)
	}
	if server.flagsRequestCount() != 0 {
		t.Errorf("polled %d times while the stream was up", server.flagsRequestCount())
	}
}

func TestStreamingFallsBackToPollingWhileTheStreamIsDownAndReconnects(t *testing.T) {
	server := newTestServer(t, streamingDocument())
	client, _ := newTestClient(t, server)
	if _, err := client.WaitUntilReady(context.Background()); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the stream connected", func() bool { return server.connectedStreams() == 1 })
	server.mu.Lock()
	server.streamScript = []scripted{{status: 503}, {status: 503}}
	server.mu.Unlock()
	server.setDocument(t, documentOf([]Flag{booleanFlag("f", func(f *Flag) { f.Version = 9; f.Enabled = false })}))
	server.dropStreams()

	// While the stream is down, polling delivers the new document…
	eventually(t, "polling took over", func() bool { return !client.BoolVariation("f", nil, true) })
	// …and then the stream comes back, and polling steps aside.
	eventually(t, "the stream reconnected", func() bool { return server.connectedStreams() == 1 })
	time.Sleep(150 * time.Millisecond) // let a poll that was under way finish
	polls := server.flagsRequestCount()
	time.Sleep(200 * time.Millisecond) // four polling intervals
	if after := server.flagsRequestCount(); after != polls {
		t.Errorf("polled %d more times with the stream up", after-polls)
	}
	server.push("patch", map[string]any{"kind": "flag", "key": "f", "data": booleanFlag("f", func(f *Flag) { f.Version = 10 })})
	eventually(t, "a patch on the new stream", func() bool { return client.BoolVariation("f", nil, false) })
}

func TestStreamingReconnectsASilentStream(t *testing.T) {
	server := newTestServer(t, streamingDocument())
	client, logs := newTestClient(t, server, withStreamDeadAfter(150*time.Millisecond), WithPolling(time.Hour))
	if _, err := client.WaitUntilReady(context.Background()); err != nil {
		t.Fatal(err)
	}
	// No heartbeat: after 150 ms of silence the stream is presumed dead and reopened.
	eventually(t, "a second stream", func() bool {
		server.mu.Lock()
		defer server.mu.Unlock()
		return server.streamRequests >= 2
	})
	if !strings.Contains(logs.String(), "presumed dead") {
		t.Error("the silent stream was not reported")
	}
}

func TestStreamingHeartbeatsKeepAStreamAlive(t *testing.T) {
	server := newTestServer(t, streamingDocument())
	server.heartbeat = 30 * time.Millisecond
	client, _ := newTestClient(t, server, withStreamDeadAfter(150*time.Millisecond), WithPolling(time.Hour))
	if _, err := client.WaitUntilReady(context.Background()); err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond)
	server.mu.Lock()
	defer server.mu.Unlock()
	if server.streamRequests != 1 {
		t.Errorf("%d stream connections despite heartbeats", server.streamRequests)
	}
}

func TestStreamingUnavailableServesThroughPolling(t *testing.T) {
	server := newTestServer(t, streamingDocument())
	server.streamScript = []scripted{{status: 404}, {status: 404}, {status: 404}, {status: 404}, {status: 404}}
	client, _ := newTestClient(t, server)
	if status, err := client.WaitUntilReady(context.Background()); status != StatusReady || err != nil {
		t.Fatalf("%s, %v", status, err)
	}
	if server.flagsRequestCount() == 0 {
		t.Error("ready without polling although the stream is unavailable")
	}
}

func TestStreamingStopsWhenTheKeyIsRefused(t *testing.T) {
	server := newTestServer(t, streamingDocument())
	server.sdkKey = "another"
	client, _ := newTestClient(t, server)
	if status, err := client.WaitUntilReady(context.Background()); status != StatusFailed || err == nil {
		t.Fatalf("%s, %v", status, err)
	}
	time.Sleep(200 * time.Millisecond)
	server.mu.Lock()
	defer server.mu.Unlock()
	if server.streamRequests != 1 || len(server.flagsRequests) != 1 {
		t.Errorf("%d stream and %d polling requests with a refused key", server.streamRequests, len(server.flagsRequests))
	}
}

func TestSSEReaderParsesTheEventStreamFormat(t *testing.T) {
	text := ": comment\r\nid: 7\r\nevent: put\r\ndata: {\"a\":\r\ndata: 1}\r\n\r\n" +
		"data: plain\n\n" + "event: ignored-without-data\n\n" + "event: patch\ndata:{}\n\n"
	activity := 0
	reader := newSSEReader(strings.NewReader(text), func() { activity++ })
	want := []sseEvent{{name: "put", data: []byte("{\"a\":\n1}"), id: "7"}, {name: "message", data: []byte("plain")}, {name: "patch", data: []byte("{}")}}
	for _, expected := range want {
		event, err := reader.next()
		if err != nil || event.name != expected.name || string(event.data) != string(expected.data) || event.id != expected.id {
			t.Fatalf("got %+v (%v), want %+v", event, err, expected)
		}
	}
	if _, err := reader.next(); err == nil {
		t.Error("no end of stream")
	}
	if activity < 10 {
		t.Errorf("activity reported %d times", activity)
	}
}

func TestStreamingReportsAnInvalidFirstDocument(t *testing.T) {
	server := newTestServer(t, []byte(`{"schemaVersion":1,"environment":"e","version":1,"flags":{"f":{"key":"g"}},"segments":{}}`))
	client, _ := newTestClient(t, server, WithPolling(time.Hour))
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	status, err := client.WaitUntilReady(ctx)
	if status != StatusFailed || err == nil || !strings.Contains(err.Error(), "/flags/f/key") {
		t.Fatalf("%s, %v", status, err)
	}
}
