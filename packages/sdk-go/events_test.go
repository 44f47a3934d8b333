package flagswitch

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"
)

func experimentDocument() FlagDocument {
	return documentOf([]Flag{
		booleanFlag("exp", func(f *Flag) {
			f.Version = 4
			f.Fallthrough = ServeRollout(50000, 50000)
			f.Experiment = &Experiment{Key: "checkout-test", Running: true}
		}),
		booleanFlag("plain"),
	})
}

func readyClient(t *testing.T, server *testServer, opts ...Option) *Client {
	t.Helper()
	client, _ := newTestClient(t, server, append([]Option{WithStreaming(false)}, opts...)...)
	if status, err := client.WaitUntilReady(context.Background()); status != StatusReady || err != nil {
		t.Fatalf("%s, %v", status, err)
	}
	return client
}

func TestEventsSendExposuresOnceAndConversionsInTheAgreedShape(t *testing.T) {
	server := newTestServer(t, experimentDocument())
	client := readyClient(t, server, WithEvents(EventsConfig{FlushInterval: time.Hour}))
	before := time.Now().UnixMilli()
	for i := 0; i < 100; i++ {
		client.BoolVariation("exp", Context{"key": "ann"}, false) // one exposure, however often
		client.BoolVariation("plain", Context{"key": "ann"}, false)
	}
	client.StringVariation("exp", Context{"key": "bob"}, "wrong type: no exposure")
	client.Track("checkout-completed", Context{"key": "ann"})
	client.TrackValue("revenue", Context{"key": "ann"}, 12.5)
	client.Track("ignored", Context{"no": "key"})
	if err := client.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	batches := server.receivedBatches()
	if len(batches) != 1 {
		t.Fatalf("%d batches, want 1", len(batches))
	}
	var body map[string]any
	_ = json.Unmarshal(server.batchBodies[0], &body)
	if len(body["batchId"].(string)) != 32 || fmt.Sprint(body["sdk"]) != fmt.Sprintf("map[name:flagswitch-go version:%s]", SDKVersion) {
		t.Errorf("batch header: %v", body)
	}
	events := body["events"].([]any)
	if len(events) != 3 {
		t.Fatalf("%d events, want 3: %v", len(events), events)
	}
	exposure := events[0].(map[string]any)
	variation := client.VariationDetail("exp", Context{"key": "ann"}, false).VariationKey
	ts := exposure["ts"].(float64)
	delete(exposure, "ts")
	want := map[string]any{"kind": "exposure", "flagKey": "exp", "flagVersion": 4.0, "variation": variation, "contextKey": "ann", "experimentKey": "checkout-test"}
	if fmt.Sprint(exposure) != fmt.Sprint(want) || ts < float64(before) || ts > float64(time.Now().UnixMilli()) {
		t.Errorf("exposure %v (ts %v), want %v", exposure, ts, want)
	}
	if got := fmt.Sprint(events[1]); !strings.Contains(got, "eventKey:checkout-completed") || strings.Contains(got, "value") {
		t.Errorf("conversion %v", got)
	}
	if got := fmt.Sprint(events[2]); !strings.Contains(got, "value:12.5") || !strings.Contains(got, "kind:conversion") {
		t.Errorf("conversion with value %v", got)
	}
	if stats := client.EventStats(); stats.Sent != 3 || stats.Pending != 0 || stats.Dropped != 0 {
		t.Errorf("stats %+v", stats)
	}
}

func TestEventsAreBatchedBySize(t *testing.T) {
	server := newTestServer(t, experimentDocument())
	client := readyClient(t, server, WithEvents(EventsConfig{BatchSize: 3, FlushInterval: time.Hour}))
	for i := 0; i < 7; i++ {
		client.Track("click", Context{"key": fmt.Sprint("user-", i)})
	}
	eventually(t, "two full batches sent without a flush", func() bool { return len(server.receivedBatches()) == 2 })
	if err := client.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	sizes := []int{}
	for _, batch := range server.receivedBatches() {
		sizes = append(sizes, len(batch.Events))
	}
	if fmt.Sprint(sizes) != "[3 3 1]" {
		t.Errorf("batch sizes %v", sizes)
	}
}

func TestEventsAreSentOnTheFlushInterval(t *testing.T) {
	server := newTestServer(t, experimentDocument())
	client := readyClient(t, server, WithEvents(EventsConfig{FlushInterval: 50 * time.Millisecond}))
	client.Track("click", Context{"key": "ann"})
	eventually(t, "the batch sent on time", func() bool { return len(server.receivedBatches()) == 1 })
}

func TestEventsRetryAFailedBatchWithTheSameID(t *testing.T) {
	server := newTestServer(t, experimentDocument())
	server.eventsScript = []scripted{{status: 500}, {status: 503, header: map[string]string{"Retry-After": "0"}}}
	client := readyClient(t, server, WithEvents(EventsConfig{FlushInterval: time.Hour}))
	client.Track("click", Context{"key": "ann"})
	if err := client.Flush(context.Background()); err == nil {
		t.Fatal("a failed flush reported success")
	}
	eventually(t, "the retried batch accepted", func() bool { return len(server.receivedBatches()) == 1 })
	server.mu.Lock()
	attempts := server.eventsRequested
	server.mu.Unlock()
	if attempts != 3 {
		t.Errorf("%d attempts, want 3", attempts)
	}
	eventually(t, "the client saw the batch accepted", func() bool { return client.EventStats().Sent == 1 })
	if stats := client.EventStats(); stats.Pending != 0 || stats.SendFailures != 2 {
		t.Errorf("stats %+v", stats)
	}
}

func TestEventsKeepTheBatchIDAcrossRetries(t *testing.T) {
	server := newTestServer(t, experimentDocument())
	server.eventsScript = []scripted{{status: 500}}
	var ids []string
	// The retry waits at least 100 ms (half the backoff), time to read the pending batch.
	client := readyClient(t, server, WithEvents(EventsConfig{FlushInterval: time.Hour}), WithRetryBackoff(200*time.Millisecond, 200*time.Millisecond))
	client.Track("click", Context{"key": "ann"})
	if err := client.Flush(context.Background()); err == nil {
		t.Fatal("the first attempt should fail")
	}
	client.events.mu.Lock()
	ids = append(ids, client.events.pending[0].id)
	client.events.mu.Unlock()
	eventually(t, "the retry accepted", func() bool { return len(server.receivedBatches()) == 1 })
	if got := server.receivedBatches()[0].BatchID; got != ids[0] {
		t.Errorf("retried as %s, first sent as %s", got, ids[0])
	}
}

func TestEventsDropTheOldestWhenTheBufferIsFull(t *testing.T) {
	server := newTestServer(t, experimentDocument())
	server.eventsScript = []scripted{{status: 500}, {status: 500}, {status: 500}, {status: 500}, {status: 500}, {status: 500}}
	client := readyClient(t, server, WithEvents(EventsConfig{BatchSize: 2, Capacity: 4, FlushInterval: time.Hour}), WithRetryBackoff(time.Hour, time.Hour))
	// A full batch is sent at once, fails, and waits an hour: from then on events pile up.
	client.Track("event-0", Context{"key": "ann"})
	client.Track("event-1", Context{"key": "ann"})
	eventually(t, "the first batch failed", func() bool { return client.EventStats().SendFailures == 1 })
	for i := 2; i < 10; i++ {
		client.Track(fmt.Sprint("event-", i), Context{"key": "ann"})
	}
	stats := client.EventStats()
	if stats.Dropped != 6 || stats.Pending != 4 {
		t.Fatalf("stats %+v, want 6 dropped and 4 pending", stats)
	}
	server.mu.Lock()
	server.eventsScript = nil
	server.mu.Unlock()
	if err := client.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, batch := range server.receivedBatches() {
		for _, e := range batch.Events {
			keys = append(keys, e.EventKey)
		}
	}
	if fmt.Sprint(keys) != "[event-6 event-7 event-8 event-9]" {
		t.Errorf("kept %v, want the newest four", keys)
	}
}

func TestEventsDropABatchTheServerRefuses(t *testing.T) {
	server := newTestServer(t, experimentDocument())
	server.eventsScript = []scripted{{status: 400, body: `{"title":"invalid"}`}}
	client := readyClient(t, server, WithEvents(EventsConfig{FlushInterval: time.Hour}))
	client.Track("click", Context{"key": "ann"})
	if err := client.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	if stats := client.EventStats(); stats.Dropped != 1 || stats.Pending != 0 {
		t.Errorf("stats %+v", stats)
	}
}

func TestCloseFlushesPendingEvents(t *testing.T) {
	server := newTestServer(t, experimentDocument())
	client := readyClient(t, server, WithEvents(EventsConfig{FlushInterval: time.Hour}))
	client.Track("click", Context{"key": "ann"})
	if err := client.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(server.receivedBatches()) != 1 {
		t.Fatal("pending events lost on Close")
	}
	if err := client.Flush(context.Background()); err != errClosed {
		t.Errorf("Flush after Close: %v", err)
	}
}

func TestCloseGivesUpFlushingWhenItsContextEnds(t *testing.T) {
	server := newTestServer(t, experimentDocument())
	server.eventsScript = []scripted{{status: 500}, {status: 500}, {status: 500}, {status: 500}}
	client := readyClient(t, server, WithEvents(EventsConfig{FlushInterval: time.Hour}), WithRetryBackoff(time.Hour, time.Hour))
	client.Track("click", Context{"key": "ann"})
	_ = client.Flush(context.Background()) // fails: the processor now backs off for an hour
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	started := time.Now()
	_ = client.Close(ctx)
	if elapsed := time.Since(started); elapsed > 2*time.Second {
		t.Errorf("Close took %v", elapsed)
	}
}

func TestEventsAreOffWithoutAServerOrWhenDisabled(t *testing.T) {
	server := newTestServer(t, experimentDocument())
	client := readyClient(t, server, WithEvents(EventsConfig{Disabled: true}))
	client.Track("click", Context{"key": "ann"})
	client.BoolVariation("exp", Context{"key": "ann"}, false)
	if err := client.Flush(context.Background()); err != nil || server.eventsRequested != 0 {
		t.Errorf("flush %v, %d requests", err, server.eventsRequested)
	}
}

func TestExposureDedupeForgetsTheLeastRecent(t *testing.T) {
	dedupe := newExposureDedupe(2)
	a, b, c := exposureKey{"f", "on", "a"}, exposureKey{"f", "on", "b"}, exposureKey{"f", "on", "c"}
	steps := []struct {
		key  exposureKey
		want bool
	}{{a, true}, {b, true}, {a, false}, {c, true}, {a, false}, {b, true}}
	for i, step := range steps {
		if got := dedupe.firstTime(step.key); got != step.want {
			t.Errorf("step %d (%v): %v, want %v", i, step.key, got, step.want)
		}
	}
}

// An event the server would refuse would get its whole batch refused: such an event is dropped
// alone, counted and reported, and the valid ones are sent.
func TestEventsTheServerWouldRefuseAreDroppedAlone(t *testing.T) {
	doc := experimentDocument()
	doc.Flags["blank"] = booleanFlag("blank", func(f *Flag) {
		f.Variations = []Variation{{Key: "", Value: false}, {Key: "on", Value: true}}
		f.Fallthrough = ServeRollout(100000, 0)
		f.Experiment = &Experiment{Key: "blank-test", Running: true}
	})
	server := newTestServer(t, doc)
	client, logs := newTestClient(t, server, WithStreaming(false), WithEvents(EventsConfig{FlushInterval: time.Hour}))
	if status, err := client.WaitUntilReady(context.Background()); status != StatusReady || err != nil {
		t.Fatalf("%s, %v", status, err)
	}
	client.BoolVariation("blank", Context{"key": "ann"}, true)                    // variation key ""
	client.BoolVariation("blank", Context{"key": "ann"}, true)                    // deduplicated: reported once
	client.BoolVariation("exp", Context{"key": strings.Repeat("k", 2000)}, false) // context key too long
	client.BoolVariation("exp", Context{"key": "a\x00b"}, false)                  // NUL
	client.TrackValue("revenue", Context{"key": "ann"}, math.NaN())
	client.TrackValue("revenue", Context{"key": "ann"}, math.Inf(1))
	client.Track("", Context{"key": "ann"})
	client.Track("fine", Context{"key": "u\x00"})
	client.Track("fine", Context{"key": strings.Repeat("é", 1024)}) // 1024 UTF-16 units: accepted
	client.Track("fine", Context{"key": "ann"})
	client.Track("fine", Context{"no": "key"}) // nothing to attribute it to: not an event at all
	if err := client.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	if stats := client.EventStats(); stats.Sent != 2 || stats.Dropped != 7 {
		t.Errorf("stats %+v, want the 2 valid conversions sent and the 7 malformed events dropped", stats)
	}
	if batches := server.receivedBatches(); len(batches) != 1 || len(batches[0].Events) != 2 {
		t.Errorf("batches %+v, want one of the 2 valid conversions", batches)
	}
	for _, want := range []string{
		`level=WARN msg="flagswitch: exposure not recorded" sdk=flagswitch-go flag=blank reason="the variation key must have 1 to 128 characters, without NUL"`,
		`level=WARN msg="flagswitch: exposure not recorded" sdk=flagswitch-go flag=exp reason="the context key must have 1 to 1024 characters, without NUL"`,
		`level=WARN msg="flagswitch: conversion not recorded" sdk=flagswitch-go event=revenue reason="the value must be a finite number"`,
		`level=WARN msg="flagswitch: conversion not recorded" sdk=flagswitch-go event="" reason="the event key must have 1 to 256 characters, without NUL"`,
	} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("logs lack %s:\n%s", want, logs.String())
		}
	}
	if got := strings.Count(logs.String(), "flag=blank reason"); got != 1 {
		t.Errorf("the malformed exposure was reported %d times, want once", got)
	}
}

func TestEventProblemChecksTheServersLimits(t *testing.T) {
	version := func(v int64) *int64 { return &v }
	exposure := event{Kind: "exposure", FlagKey: "f", FlagVersion: version(0), Variation: "v", ExperimentKey: "x", ContextKey: "c"}
	if problem := exposure.problem(); problem != "" {
		t.Errorf("a valid exposure: %s", problem)
	}
	negative := exposure
	negative.FlagVersion = version(-1)
	long := exposure
	long.FlagKey = strings.Repeat("f", 129)
	for _, bad := range []event{negative, long} {
		if bad.problem() == "" {
			t.Errorf("%+v passed", bad)
		}
	}
}
