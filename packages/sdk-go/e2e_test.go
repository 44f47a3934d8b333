package flagswitch_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	flagswitch "github.com/flagswitch/flagswitch/packages/sdk-go"
)

// The Go SDK against the real reference server (see e2e_server_test.go): a project, flags, an
// experiment and an SDK key are made through the admin API, then the SDK must pick changes up
// by polling and by streaming, deliver experiment events, and ride out a server crash.

const (
	e2eProject      = "go-e2e"
	e2eEnvironment  = "production"
	experimentKey   = "button-test"
	conversionEvent = "checkout-completed"
)

func TestEndToEndAgainstTheServer(t *testing.T) {
	server := startRealServer(t)
	sdkKey := setUpProject(server)

	t.Run("polling picks up a change", func(t *testing.T) {
		client := newE2EClient(t, server, sdkKey, flagswitch.WithStreaming(false), flagswitch.WithPolling(250*time.Millisecond))
		elapsed := toggleAndWait(t, server, client, "polling-flag", true, 3*time.Second)
		t.Logf("polling every 250 ms: the change was served %v after the admin write began", elapsed.Round(time.Millisecond))
	})

	t.Run("streaming picks up a change within a second", func(t *testing.T) {
		// Polling an hour apart: whatever arrives within the test came through the stream.
		client := newE2EClient(t, server, sdkKey, flagswitch.WithPolling(time.Hour))
		var figures []time.Duration
		for i, enabled := range []bool{true, false, true, false, true} {
			elapsed := toggleAndWait(t, server, client, "streaming-flag", enabled, 5*time.Second)
			if elapsed > time.Second {
				t.Errorf("change %d took %v to arrive through the stream; streaming aims at < 1 s", i+1, elapsed)
			}
			figures = append(figures, elapsed)
		}
		slices.Sort(figures)
		t.Logf("streaming propagation, admin write to value served, %d changes: min %v, median %v, max %v",
			len(figures), figures[0].Round(time.Microsecond*100), figures[len(figures)/2].Round(time.Microsecond*100),
			figures[len(figures)-1].Round(time.Microsecond*100))
	})

	t.Run("experiment exposures and conversions reach the server", func(t *testing.T) {
		testExperimentEvents(t, server, sdkKey)
	})

	// Last: it kills the server.
	t.Run("server killed and restarted: last good values, then catch-up", func(t *testing.T) {
		testServerRestart(t, server, sdkKey)
	})
}

// setUpProject creates the project, its flags and an experiment, and returns a server-side
// SDK key for its production environment.
func setUpProject(server *realServer) string {
	server.admin("POST", "/projects", map[string]any{"key": e2eProject, "name": "Go SDK end to end"})
	for _, key := range []string{"polling-flag", "streaming-flag", "restart-flag"} {
		server.admin("POST", "/projects/"+e2eProject+"/flags", map[string]any{"key": key}) // boolean, off
	}
	server.admin("POST", "/projects/"+e2eProject+"/flags", map[string]any{
		"key": "checkout-button",
		"variations": []map[string]any{
			{"key": "a", "value": "control"}, {"key": "b", "value": "blue"}, {"key": "c", "value": "green"},
		},
	})
	server.admin("POST", flagPath("checkout-button")+"/rollout", map[string]any{"split": map[string]any{"a": 34, "b": 33, "c": 33}})
	server.admin("POST", "/projects/"+e2eProject+"/experiments", map[string]any{
		"key": experimentKey, "flag": "checkout-button", "environment": e2eEnvironment,
		"primaryMetric": map[string]any{"eventKey": conversionEvent, "kind": "binomial"},
	})
	server.admin("POST", "/projects/"+e2eProject+"/experiments/"+experimentKey+"/start", map[string]any{})
	server.admin("POST", flagPath("checkout-button")+"/toggle", map[string]any{"enabled": true})
	key := server.admin("POST", "/keys", map[string]any{
		"kind": "server", "name": "go-sdk-e2e", "project": e2eProject, "environment": e2eEnvironment,
	})
	secret, _ := key["secret"].(string)
	if secret == "" {
		server.t.Fatalf("the created SDK key has no secret: %v", key)
	}
	return secret
}

func flagPath(flagKey string) string {
	return "/projects/" + e2eProject + "/environments/" + e2eEnvironment + "/flags/" + flagKey
}

// newE2EClient starts a client on the server and waits until it serves the live document.
// Retries are quick, so that outages in the test are short; the SDK's log is shown on failure.
func newE2EClient(t *testing.T, server *realServer, sdkKey string, opts ...flagswitch.Option) *flagswitch.Client {
	t.Helper()
	logs := &syncBuffer{}
	opts = append([]flagswitch.Option{
		flagswitch.WithBaseURL(server.url()),
		flagswitch.WithRetryBackoff(100*time.Millisecond, 500*time.Millisecond),
		flagswitch.WithLogger(slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))),
	}, opts...)
	client, err := flagswitch.New(context.Background(), sdkKey, opts...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := client.Close(ctx); err != nil {
			t.Errorf("Close: %v", err)
		}
		if t.Failed() {
			t.Logf("SDK log:\n%s", logs.String())
		}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if status, err := client.WaitUntilReady(ctx); status != flagswitch.StatusReady {
		t.Fatalf("WaitUntilReady: %s, %v", status, err)
	}
	return client
}

var someone = flagswitch.Context{"key": "user-1", "plan": "team"}

// toggleAndWait turns a boolean flag on or off through the admin API and returns how long after
// the write began the client served the new value.
func toggleAndWait(t *testing.T, server *realServer, client *flagswitch.Client, flagKey string, enabled bool, limit time.Duration) time.Duration {
	t.Helper()
	if got := client.BoolVariation(flagKey, someone, !enabled); got == enabled {
		t.Fatalf("%s already serves %v before the change", flagKey, got)
	}
	changes, unsubscribe := client.Subscribe()
	defer unsubscribe()
	start := time.Now()
	server.admin("POST", flagPath(flagKey)+"/toggle", map[string]any{"enabled": enabled})
	return waitUntil(t, changes, start, limit, fmt.Sprintf("%s to serve %v", flagKey, enabled), func() bool {
		return client.BoolVariation(flagKey, someone, !enabled) == enabled
	})
}

// waitUntil waits for served() to hold, checking after every change event, and returns the
// time since start.
func waitUntil(t *testing.T, changes <-chan flagswitch.ChangeEvent, start time.Time, limit time.Duration, what string, served func() bool) time.Duration {
	t.Helper()
	timeout := time.NewTimer(limit - time.Since(start))
	defer timeout.Stop()
	for !served() {
		select {
		case _, open := <-changes:
			if !open {
				t.Fatalf("waiting for %s: the subscription closed", what)
			}
		case <-timeout.C:
			t.Fatalf("waiting for %s: not served within %v", what, limit)
		}
	}
	return time.Since(start)
}

func testExperimentEvents(t *testing.T, server *realServer, sdkKey string) {
	recorder := &eventRecorder{next: http.DefaultTransport.(*http.Transport).Clone()}
	client := newE2EClient(t, server, sdkKey,
		flagswitch.WithHTTPClient(&http.Client{Transport: recorder}),
		flagswitch.WithEvents(flagswitch.EventsConfig{BatchSize: 150, FlushInterval: time.Hour}))
	flagVersion, _ := client.Document().FlagVersion("checkout-button")

	const users = 300
	served := map[string]int{}     // variation key → contexts
	converting := map[string]int{} // variation key → contexts that converted
	conversions := 0
	for i := range users {
		user := flagswitch.Context{"key": fmt.Sprintf("visitor-%d", i)}
		detail := client.VariationDetail("checkout-button", user, "control")
		if !detail.Reason.InExperiment || detail.IsDefault() {
			t.Fatalf("visitor-%d: %+v, want a variation of the running experiment", i, detail)
		}
		served[detail.VariationKey]++
		if i%3 == 0 {
			client.TrackValue(conversionEvent, user, float64(10+i%7))
			converting[detail.VariationKey]++
			conversions++
		}
	}
	for _, variation := range []string{"a", "b", "c"} {
		// 34/33/33 of 300: a variation far from 100 means the split is not applied.
		if served[variation] < 60 {
			t.Errorf("variation %q served to %d of %d contexts: %v", variation, served[variation], users, served)
		}
	}
	flushed := func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := client.Flush(ctx); err != nil {
			t.Fatalf("Flush: %v", err)
		}
	}
	flushed()

	stats := client.EventStats()
	if stats.Sent != int64(users+conversions) || stats.Dropped != 0 || stats.Pending != 0 {
		t.Errorf("event stats %+v, want %d sent (%d exposures, %d conversions), none dropped or pending", stats, users+conversions, users, conversions)
	}
	accepted, exposed, converted := 0, map[string]int{}, 0
	for _, batch := range recorder.recorded() {
		if batch.status != http.StatusAccepted || batch.accepted != len(batch.events) {
			t.Errorf("event batch: %v; want 202 with every event accepted", batch)
		}
		accepted += batch.accepted
		for _, event := range batch.events {
			switch event["kind"] {
			case "exposure":
				if event["experimentKey"] != experimentKey || event["flagKey"] != "checkout-button" || event["flagVersion"] != float64(flagVersion) {
					t.Errorf("exposure %v: want experiment %q, flag checkout-button version %d", event, experimentKey, flagVersion)
				}
				exposed[event["variation"].(string)]++
			case "conversion":
				converted++
			}
		}
	}
	if accepted != users+conversions || converted != conversions || fmt.Sprint(exposed) != fmt.Sprint(served) {
		t.Errorf("the server accepted %d events: exposures %v, %d conversions; want exposures %v (one per context) and %d conversions",
			accepted, exposed, converted, served, conversions)
	}

	// The same contexts again: exposures are deduplicated, nothing new is sent.
	for i := range users {
		client.StringVariation("checkout-button", flagswitch.Context{"key": fmt.Sprintf("visitor-%d", i)}, "control")
	}
	flushed()
	if again := client.EventStats(); again.Sent != stats.Sent {
		t.Errorf("re-evaluating the same contexts sent %d more events; exposures must be deduplicated", again.Sent-stats.Sent)
	}
	t.Logf("server accepted %d events in %d batches: exposures %v, %d conversions", accepted, len(recorder.recorded()), exposed, converted)
	checkExperimentResults(t, server, served, converting)
}

// checkExperimentResults reads the experiment's results from the server until they count every
// exposure and conversion the client sent, per variation.
func checkExperimentResults(t *testing.T, server *realServer, exposed, converting map[string]int) {
	t.Helper()
	path := "/experiments/" + experimentKey + "/results?project=" + e2eProject
	want := fmt.Sprintf("exposed %v, converting %v", exposed, converting)
	var got string
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		status, results := server.call("GET", path, nil)
		if detail, _ := results["detail"].(string); status == http.StatusNotFound && strings.HasPrefix(detail, "no route ") {
			// The results route belongs to the experiments work of the server (issue 6); until
			// it exists only the accepted batches above can be checked. Any other 404 (an
			// unknown experiment) fails below.
			t.Logf("GET /api/v1%s: 404, the server has no experiment results route; not checked", path)
			return
		}
		if status != http.StatusOK {
			t.Fatalf("GET /api/v1%s: %d %v", path, status, results)
		}
		got = countedInResults(results)
		if got == want {
			t.Logf("experiment results count %s", got)
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("experiment results: %s; want %s", got, want)
		}
	}
}

// countedInResults summarises the results' exposures and primary-metric conversions per
// variation in the form checkExperimentResults compares.
func countedInResults(results map[string]any) string {
	exposed, converting := map[string]int{}, map[string]int{}
	variations, _ := results["variations"].([]any)
	for _, item := range variations {
		variation, _ := item.(map[string]any)
		key, _ := variation["key"].(string)
		count, _ := variation["exposed"].(float64)
		exposed[key] = int(count)
	}
	metrics, _ := results["metrics"].([]any)
	for _, item := range metrics {
		metric, _ := item.(map[string]any)
		if metric["eventKey"] != conversionEvent || metric["primary"] != true {
			continue
		}
		perVariation, _ := metric["variations"].([]any)
		for _, item := range perVariation {
			variation, _ := item.(map[string]any)
			key, _ := variation["variation"].(string)
			count, _ := variation["converting"].(float64)
			converting[key] = int(count)
		}
	}
	return fmt.Sprintf("exposed %v, converting %v", exposed, converting)
}

func testServerRestart(t *testing.T, server *realServer, sdkKey string) {
	server.admin("POST", flagPath("restart-flag")+"/toggle", map[string]any{"enabled": true})
	client := newE2EClient(t, server, sdkKey)
	if !client.BoolVariation("restart-flag", someone, false) {
		t.Fatal("restart-flag is not served on before the crash")
	}
	version := client.Document().Version()

	server.kill()
	// While the server is gone the client keeps serving the last good document.
	for deadline := time.Now().Add(time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		detail := client.VariationDetail("restart-flag", someone, false)
		if detail.Value != true || detail.Reason.Kind != flagswitch.ReasonFallthrough || client.Status() != flagswitch.StatusReady {
			t.Fatalf("with the server down: %+v, status %s; want the last good value (true, FALLTHROUGH), ready", detail, client.Status())
		}
	}
	if got := client.Document().Version(); got != version {
		t.Fatalf("the document changed from version %d to %d while the server was down", version, got)
	}

	restarting := time.Now()
	server.start() // same port, same data directory
	restartTook := time.Since(restarting)
	if !client.BoolVariation("restart-flag", someone, false) {
		t.Fatal("restart-flag is not served on after the restart")
	}
	elapsed := toggleAndWait(t, server, client, "restart-flag", false, 10*time.Second)
	t.Logf("server restarted in %v; a change made after the restart was served %v after its write began",
		restartTook.Round(time.Millisecond), elapsed.Round(time.Millisecond))
}
