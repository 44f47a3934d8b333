package flagswitch

import (
	"context"
	"strings"
	"testing"
	"time"
)

// pollingDocument has flag "f" on or off, at the given document version.
func pollingDocument(on bool, version int64) FlagDocument {
	doc := documentOf([]Flag{booleanFlag("f", func(f *Flag) { f.Enabled = on; f.Version = version })})
	doc.Version = version
	return doc
}

func TestPollingFetchesWithTheKeyAndRevalidatesWithETags(t *testing.T) {
	server := newTestServer(t, pollingDocument(true, 1))
	client, _ := newTestClient(t, server, WithStreaming(false))
	status, err := client.WaitUntilReady(context.Background())
	if status != StatusReady || err != nil {
		t.Fatalf("WaitUntilReady: %s, %v", status, err)
	}
	if !client.BoolVariation("f", Context{"key": "u"}, false) {
		t.Fatal("flag not served from the polled document")
	}
	eventually(t, "a revalidation answered 304", func() bool { return server.flagsRequestCount() >= 3 })
	server.mu.Lock()
	first, later := server.flagsRequests[0], server.flagsRequests[2]
	server.mu.Unlock()
	if first.Get("Authorization") != "server-key-123" || first.Get("If-None-Match") != "" {
		t.Errorf("first request headers: %v", first)
	}
	if later.Get("If-None-Match") != `"v1"` || !strings.HasPrefix(later.Get("User-Agent"), "flagswitch-go/") {
		t.Errorf("revalidation headers: %v", later)
	}
	if client.Status() != StatusReady || !client.BoolVariation("f", nil, false) {
		t.Error("a 304 changed what is served")
	}
}

func TestPollingPicksUpChangesAndTellsSubscribers(t *testing.T) {
	server := newTestServer(t, pollingDocument(true, 1))
	client, _ := newTestClient(t, server, WithStreaming(false))
	if _, err := client.WaitUntilReady(context.Background()); err != nil {
		t.Fatal(err)
	}
	changes, unsubscribe := client.Subscribe()
	defer unsubscribe()
	server.setDocument(t, pollingDocument(false, 2))
	select {
	case change := <-changes:
		if len(change.FlagKeys) != 1 || change.FlagKeys[0] != "f" || change.Version != 2 {
			t.Errorf("change event %+v", change)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no change event")
	}
	if client.BoolVariation("f", nil, true) {
		t.Error("the change was not applied")
	}
}

func TestPollingHonoursRetryAfter(t *testing.T) {
	server := newTestServer(t, pollingDocument(true, 1))
	server.flagsScript = []scripted{{status: 429, header: map[string]string{"Retry-After": "1"}}}
	client, _ := newTestClient(t, server, WithStreaming(false))
	status, err := client.WaitUntilReady(context.Background())
	if status != StatusFailed || err == nil || !strings.Contains(err.Error(), "429") {
		t.Fatalf("after a 429: %s, %v", status, err)
	}
	started := time.Now()
	eventually(t, "the poll after Retry-After", func() bool { return server.flagsRequestCount() >= 2 })
	if waited := time.Since(started); waited < 800*time.Millisecond {
		t.Errorf("retried after %v despite Retry-After: 1 (backoff alone is 10 ms)", waited)
	}
	eventually(t, "ready", func() bool { return client.Status() == StatusReady })
}

func TestPollingBacksOffOnServerErrorsAndRecovers(t *testing.T) {
	server := newTestServer(t, pollingDocument(true, 1))
	server.flagsScript = []scripted{{status: 500}, {status: 502}, {status: 503}}
	client, logs := newTestClient(t, server, WithStreaming(false))
	status, err := client.WaitUntilReady(context.Background())
	if status != StatusFailed || err == nil {
		t.Fatalf("after a 500: %s, %v", status, err)
	}
	if client.BoolVariation("f", nil, false) {
		t.Error("served something before any document")
	}
	eventually(t, "ready after the errors", func() bool { return client.Status() == StatusReady })
	if status, err := client.WaitUntilReady(context.Background()); status != StatusReady || err != nil {
		t.Errorf("WaitUntilReady once ready: %s, %v", status, err)
	}
	if !strings.Contains(logs.String(), "polling failed") {
		t.Error("errors were not logged")
	}
}

func TestPollingKeepsTheLastGoodDocumentWhenANewOneIsMalformed(t *testing.T) {
	server := newTestServer(t, pollingDocument(true, 1))
	client, logs := newTestClient(t, server, WithStreaming(false))
	if _, err := client.WaitUntilReady(context.Background()); err != nil {
		t.Fatal(err)
	}
	server.setDocument(t, []byte(`{"schemaVersion":1,"environment":"e","version":2,"flags":{"f":{"key":"f"}},"segments":{}}`))
	eventually(t, "the malformed document refused", func() bool { return strings.Contains(logs.String(), "/flags/f/") })
	server.setDocument(t, []byte(`{not json`))
	eventually(t, "the broken JSON refused", func() bool { return strings.Contains(logs.String(), "not JSON") })
	if !client.BoolVariation("f", nil, false) || client.Status() != StatusReady {
		t.Error("the last good document was not kept")
	}
}

func TestPollingRefusesAMalformedFirstDocument(t *testing.T) {
	server := newTestServer(t, []byte(`{"schemaVersion":2}`))
	client, _ := newTestClient(t, server, WithStreaming(false))
	status, err := client.WaitUntilReady(context.Background())
	if status != StatusFailed || err == nil || !strings.Contains(err.Error(), "/schemaVersion") {
		t.Fatalf("%s, %v", status, err)
	}
}

func TestPollingStopsWhenTheKeyIsRefused(t *testing.T) {
	server := newTestServer(t, pollingDocument(true, 1))
	server.sdkKey = "another-key"
	client, logs := newTestClient(t, server, WithStreaming(false))
	status, err := client.WaitUntilReady(context.Background())
	if status != StatusFailed || err == nil || !strings.Contains(err.Error(), "401") {
		t.Fatalf("%s, %v", status, err)
	}
	time.Sleep(200 * time.Millisecond) // four polling intervals
	if count := server.flagsRequestCount(); count != 1 {
		t.Errorf("%d requests with a refused key, want 1", count)
	}
	if !strings.Contains(logs.String(), "polling stopped") {
		t.Error("not logged")
	}
}

func TestPollingFailsOverToTheNextBaseURL(t *testing.T) {
	down := newTestServer(t, pollingDocument(true, 1))
	downURL := down.URL
	down.Close() // connections to it are refused from now on
	server := newTestServer(t, pollingDocument(true, 1))
	client, _ := newTestClient(t, nil, WithStreaming(false), WithBaseURL(downURL, server.URL))
	eventually(t, "ready through the second base URL", func() bool { return client.Status() == StatusReady })
}
