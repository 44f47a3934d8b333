package flagswitch

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

func valuesDocument() FlagDocument {
	return documentOf([]Flag{
		booleanFlag("bool"),
		{Key: "text", Version: 1, Enabled: true, Variations: []Variation{{Key: "a", Value: "alpha"}}, Fallthrough: ServeVariation(0)},
		{Key: "number", Version: 1, Enabled: true, Variations: []Variation{{Key: "a", Value: 2.5}}, Fallthrough: ServeVariation(0)},
		{Key: "json", Version: 1, Enabled: true, Variations: []Variation{{Key: "a", Value: map[string]any{"limits": []any{1.0, 2.0}}}}, Fallthrough: ServeVariation(0)},
	})
}

func TestVariationMethodsServeTypedValuesOrTheDefault(t *testing.T) {
	server := newTestServer(t, valuesDocument())
	client := readyClient(t, server)
	ctx := Context{"key": "u"}
	if !client.BoolVariation("bool", ctx, false) || client.BoolVariation("text", ctx, false) || !client.BoolVariation("missing", ctx, true) {
		t.Error("BoolVariation")
	}
	if client.StringVariation("text", ctx, "d") != "alpha" || client.StringVariation("bool", ctx, "d") != "d" {
		t.Error("StringVariation")
	}
	if client.Float64Variation("number", ctx, 0) != 2.5 || client.Float64Variation("text", ctx, -1) != -1 {
		t.Error("Float64Variation")
	}
	value := client.JSONVariation("json", ctx, nil).(map[string]any)
	value["limits"].([]any)[0] = 99.0 // a copy: the document must not change
	if again := client.JSONVariation("json", ctx, nil); !reflect.DeepEqual(again, map[string]any{"limits": []any{1.0, 2.0}}) {
		t.Errorf("JSONVariation shared the document's value: %v", again)
	}
	if detail := client.VariationDetail("text", ctx, false); detail.Reason.ErrorKind != ErrorWrongType || detail.Value != false {
		t.Errorf("VariationDetail: %+v", detail)
	}
	all := client.AllFlags(ctx)
	if len(all) != 4 || all["text"] != "alpha" || all["bool"] != true {
		t.Errorf("AllFlags: %v", all)
	}
	if client.Document().Version() != 1 {
		t.Error("Document")
	}
}

func TestBoolVariationDoesNotAllocate(t *testing.T) {
	server := newTestServer(t, valuesDocument())
	client := readyClient(t, server)
	ctx := Context{"key": "u"}
	if allocs := testing.AllocsPerRun(200, func() { client.BoolVariation("bool", ctx, false) }); allocs != 0 {
		t.Errorf("%v allocations per BoolVariation", allocs)
	}
}

func TestBeforeAnyDocumentDefaultsAreServedWithClientNotReady(t *testing.T) {
	server := newTestServer(t, valuesDocument())
	server.flagsScript = []scripted{{status: 500}, {status: 500}, {status: 500}}
	client, _ := newTestClient(t, server, WithStreaming(false), WithRetryBackoff(time.Hour, time.Hour))
	if detail := client.VariationDetail("bool", nil, "d"); detail.Reason.ErrorKind != ErrorClientNotReady || detail.Value != "d" {
		t.Errorf("%+v", detail)
	}
	if client.BoolVariation("bool", nil, true) != true || len(client.AllFlags(nil)) != 0 {
		t.Error("served something without a document")
	}
}

func TestBootstrapIsServedUntilTheServerAnswers(t *testing.T) {
	server := newTestServer(t, valuesDocument())
	server.flagsScript = []scripted{{status: 500}, {status: 500}}
	bootstrap := documentOf([]Flag{booleanFlag("bool", func(f *Flag) { f.Enabled = false })})
	client, _ := newTestClient(t, server, WithStreaming(false), WithBootstrap(bootstrap))
	status, err := client.WaitUntilReady(context.Background())
	if status != StatusBootstrap || err == nil {
		t.Fatalf("%s, %v", status, err)
	}
	if client.BoolVariation("bool", nil, true) {
		t.Error("bootstrap not served")
	}
	eventually(t, "the server's document", func() bool { return client.BoolVariation("bool", nil, false) })
	if client.Status() != StatusReady {
		t.Errorf("status %s", client.Status())
	}
}

func TestCacheFileServesTheLastDocumentAcrossRestarts(t *testing.T) {
	cachePath := filepath.Join(t.TempDir(), "flags-cache.json")
	server := newTestServer(t, valuesDocument())
	first := readyClient(t, server, WithCacheFile(cachePath))
	eventually(t, "the cache written", func() bool {
		_, err := os.Stat(cachePath)
		return err == nil
	})
	if err := first.Close(context.Background()); err != nil {
		t.Fatal(err)
	}

	unreachable := newTestServer(t, valuesDocument())
	unreachable.Close()
	second, _ := newTestClient(t, unreachable, WithCacheFile(cachePath), WithBootstrap(documentOf(nil)))
	status, err := second.WaitUntilReady(context.Background())
	if status != StatusCached || err == nil {
		t.Fatalf("%s, %v", status, err)
	}
	if second.StringVariation("text", nil, "d") != "alpha" {
		t.Error("the cached document is not served")
	}
}

func TestFileSourceServesAndReloadsTheFile(t *testing.T) {
	checkNoLeakedGoroutines(t)
	path := filepath.Join(t.TempDir(), "flags.json")
	write := func(doc any) {
		text, _ := json.Marshal(doc)
		if err := os.WriteFile(path, text, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(valuesDocument())
	logs := &syncBuffer{}
	client, err := New(context.Background(), "", WithFile(path), withFileInterval(10*time.Millisecond), WithLogger(newBufferLogger(logs)))
	defer client.Close(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if client.Status() != StatusReady || !client.BoolVariation("bool", nil, false) {
		t.Fatalf("not ready from the file at once: %s", client.Status())
	}
	write(documentOf([]Flag{booleanFlag("bool", func(f *Flag) { f.Enabled = false; f.Version = 2 })}))
	eventually(t, "the file reloaded", func() bool { return !client.BoolVariation("bool", nil, true) })
	if err := os.WriteFile(path, []byte(`{"schemaVersion": 7, "padding": "to change the size"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the bad file refused", func() bool { return strings.Contains(logs.String(), "cannot be served") })
	if client.BoolVariation("bool", nil, true) {
		t.Error("the last good document was not kept")
	}
}

func TestMissingFileFailsButServesTheBootstrap(t *testing.T) {
	checkNoLeakedGoroutines(t)
	client, err := New(context.Background(), "", WithFile(filepath.Join(t.TempDir(), "missing.json")),
		WithBootstrap([]byte(`{"schemaVersion":1,"environment":"e","version":1,"flags":{},"segments":{}}`)), WithLogger(newBufferLogger(&syncBuffer{})))
	defer client.Close(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if status, err := client.WaitUntilReady(context.Background()); status != StatusBootstrap || err == nil {
		t.Errorf("%s, %v", status, err)
	}
}

func TestNewReportsConfigurationThatCannotWorkButStillServes(t *testing.T) {
	checkNoLeakedGoroutines(t)
	cases := map[string][]Option{
		"no data source":    nil,
		"a relative URL":    {WithBaseURL("flags.example.com")},
		"a bad bootstrap":   {WithBaseURL("http://127.0.0.1:1"), WithBootstrap(map[string]any{"schemaVersion": 3})},
		"an empty key":      {WithBaseURL("http://127.0.0.1:1")},
		"an unparsable URL": {WithBaseURL("::")},
	}
	for name, opts := range cases {
		key := "key"
		if name == "an empty key" {
			key = ""
		}
		client, err := New(context.Background(), key, append(opts, WithLogger(newBufferLogger(&syncBuffer{})))...)
		if err == nil || client == nil {
			t.Errorf("%s: no error", name)
			continue
		}
		if client.BoolVariation("f", nil, true) != true {
			t.Errorf("%s: the client does not serve defaults", name)
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		if status, _ := client.WaitUntilReady(ctx); status != StatusFailed {
			t.Errorf("%s: status %s", name, status)
		}
		cancel()
		_ = client.Close(context.Background())
	}
}

func TestANilClientServesDefaults(t *testing.T) {
	var client *Client
	if !client.BoolVariation("f", nil, true) || client.StringVariation("f", nil, "d") != "d" || client.Float64Variation("f", nil, 1) != 1 ||
		client.JSONVariation("f", nil, "j") != "j" || client.VariationDetail("f", nil, 1).Reason.ErrorKind != ErrorClientNotReady ||
		len(client.AllFlags(nil)) != 0 || client.Status() != StatusFailed || client.Document() != nil {
		t.Error("a nil client does not serve defaults")
	}
	client.Track("e", nil)
	if err := client.Flush(context.Background()); err != nil {
		t.Error(err)
	}
	if err := client.Close(context.Background()); err != nil {
		t.Error(err)
	}
	events, unsubscribe := client.Subscribe()
	unsubscribe()
	if _, open := <-events; open {
		t.Error("a nil client's subscription is open")
	}
}

func TestWaitUntilReadyReturnsWhenItsContextEnds(t *testing.T) {
	checkNoLeakedGoroutines(t)
	// A server that accepts connections but never answers.
	hang := make(chan struct{})
	server := httptest.NewServer(blockingHandler(hang))
	defer server.Close()
	defer close(hang)
	client, _ := New(context.Background(), "key", WithBaseURL(server.URL), WithLogger(newBufferLogger(&syncBuffer{})))
	defer client.Close(context.Background())
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	status, err := client.WaitUntilReady(ctx)
	if status != StatusFailed || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("%s, %v", status, err)
	}
}

func TestSubscriptionsEndOnUnsubscribeAndOnClose(t *testing.T) {
	server := newTestServer(t, valuesDocument())
	client := readyClient(t, server)
	first, unsubscribe := client.Subscribe()
	second, _ := client.Subscribe()
	unsubscribe()
	unsubscribe() // twice is harmless
	if _, open := <-first; open {
		t.Error("unsubscribed channel still open")
	}
	if err := client.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, open := <-second; open {
		t.Error("subscription open after Close")
	}
	if client.BoolVariation("bool", nil, false) != true {
		t.Error("a closed client stopped serving its last document")
	}
}

func TestASlowSubscriberLosesNoChangedKeys(t *testing.T) {
	s := newStore()
	events, unsubscribe := s.subscribe()
	defer unsubscribe()
	for i := 0; i < subscriberBuffer*3; i++ {
		s.installLive(mustValidate(t, documentOf([]Flag{booleanFlag(fmt.Sprint("flag-", i))})))
	}
	seen := map[string]bool{}
	for len(events) > 0 {
		for _, key := range (<-events).FlagKeys {
			seen[key] = true
		}
	}
	if len(seen) != subscriberBuffer*3 {
		t.Errorf("saw %d of %d changed flags", len(seen), subscriberBuffer*3)
	}
}

// Evaluations, patches and subscriptions at once: -race checks the snapshot discipline.
func TestConcurrentEvaluationDuringUpdates(t *testing.T) {
	server := newTestServer(t, experimentDocument())
	client, _ := newTestClient(t, server, WithPolling(time.Hour))
	if _, err := client.WaitUntilReady(context.Background()); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the stream connected", func() bool { return server.connectedStreams() == 1 })
	changes, unsubscribe := client.Subscribe()
	defer unsubscribe()
	var readers sync.WaitGroup
	stop := make(chan struct{})
	for g := 0; g < 4; g++ {
		readers.Add(1)
		go func(g int) {
			defer readers.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				ctx := Context{"key": fmt.Sprint("user-", g, "-", i)}
				client.BoolVariation("exp", ctx, false)
				client.VariationDetail("plain", ctx, false)
				client.AllFlags(ctx)
			}
		}(g)
	}
	for version := int64(5); version < 25; version++ {
		server.push("patch", map[string]any{"kind": "flag", "key": "plain", "data": booleanFlag("plain", func(f *Flag) { f.Version = version; f.Enabled = version%2 == 0 })})
	}
	eventually(t, "every patch applied", func() bool {
		v, _ := client.Document().FlagVersion("plain")
		return v == 24
	})
	close(stop)
	readers.Wait()
	if len(changes) == 0 {
		t.Error("no change events")
	}
	if err := client.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	if stats := client.EventStats(); stats.Sent == 0 {
		t.Errorf("no exposures sent: %+v", stats)
	}
}
