package ofprovider

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"reflect"
	"sync"
	"testing"
	"time"

	flagswitch "github.com/flagswitch/flagswitch/packages/sdk-go"
	"github.com/open-feature/go-sdk/openfeature"
)

const sdkKey = "server-key"

// flagServer serves a FlagSwitch document over real HTTP and records event batches.
type flagServer struct {
	*httptest.Server
	mu       sync.Mutex
	document []byte
	batches  [][]byte
}

func newFlagServer(t *testing.T, document flagswitch.FlagDocument) *flagServer {
	s := &flagServer{}
	s.set(t, document)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /sdk/v1/flags", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != sdkKey {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		_, _ = w.Write(s.document)
	})
	mux.HandleFunc("POST /sdk/v1/events", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.batches = append(s.batches, body)
		s.mu.Unlock()
		w.WriteHeader(http.StatusAccepted)
	})
	s.Server = httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

func (s *flagServer) set(t *testing.T, document flagswitch.FlagDocument) {
	text, err := json.Marshal(document)
	if err != nil {
		t.Fatal(err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.document = text
}

func onOff() []flagswitch.Variation {
	return []flagswitch.Variation{{Key: "off", Value: false}, {Key: "on", Value: true}}
}

func testDocument(checkoutOn bool) flagswitch.FlagDocument {
	return flagswitch.FlagDocument{Environment: "test", Version: 1, Flags: map[string]flagswitch.Flag{
		"checkout": {Key: "checkout", Version: 1, Enabled: checkoutOn, Variations: onOff(), Fallthrough: flagswitch.ServeVariation(1),
			Targets: []flagswitch.Target{{Variation: 0, Values: []string{"blocked"}}}},
		"color":   {Key: "color", Version: 1, Enabled: true, Variations: []flagswitch.Variation{{Key: "red", Value: "red"}}, Fallthrough: flagswitch.ServeVariation(0)},
		"ratio":   {Key: "ratio", Version: 1, Enabled: true, Variations: []flagswitch.Variation{{Key: "a", Value: 0.25}}, Fallthrough: flagswitch.ServeVariation(0)},
		"limit":   {Key: "limit", Version: 1, Enabled: true, Variations: []flagswitch.Variation{{Key: "a", Value: 42}}, Fallthrough: flagswitch.ServeVariation(0)},
		"config":  {Key: "config", Version: 1, Enabled: true, Variations: []flagswitch.Variation{{Key: "a", Value: map[string]any{"depth": []any{1.0}}}}, Fallthrough: flagswitch.ServeVariation(0)},
		"pricing": {Key: "pricing", Version: 2, Enabled: true, Variations: onOff(), Fallthrough: flagswitch.ServeRollout(50000, 50000), Experiment: &flagswitch.Experiment{Key: "pricing-test", Running: true}},
	}}
}

// setUp registers a provider for a fresh FlagSwitch client under its own OpenFeature domain.
func setUp(t *testing.T, server *flagServer) (*openfeature.Client, *Provider) {
	t.Helper()
	client, err := flagswitch.New(context.Background(), sdkKey, flagswitch.WithBaseURL(server.URL), flagswitch.WithStreaming(false),
		flagswitch.WithPolling(30*time.Millisecond), flagswitch.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))),
		flagswitch.WithEvents(flagswitch.EventsConfig{FlushInterval: time.Hour}))
	if err != nil {
		t.Fatal(err)
	}
	provider := New(client)
	if err := openfeature.SetNamedProviderAndWait(t.Name(), provider); err != nil {
		t.Fatalf("provider init: %v", err)
	}
	t.Cleanup(func() { _ = provider.ShutdownWithContext(context.Background()) })
	return openfeature.NewClient(t.Name()), provider
}

func TestProviderResolvesEveryTypeThroughOpenFeature(t *testing.T) {
	flags, _ := setUp(t, newFlagServer(t, testDocument(true)))
	ctx := context.Background()
	user := openfeature.NewEvaluationContext("user-42", map[string]any{"plan": "pro"})

	checkout, err := flags.BooleanValueDetails(ctx, "checkout", false, user)
	if err != nil || !checkout.Value || checkout.Variant != "on" || checkout.Reason != openfeature.DefaultReason {
		t.Errorf("boolean: %+v, %v", checkout, err)
	}
	blocked, _ := flags.BooleanValueDetails(ctx, "checkout", true, openfeature.NewEvaluationContext("blocked", nil))
	if blocked.Value || blocked.Reason != openfeature.TargetingMatchReason {
		t.Errorf("targeting key as context key: %+v", blocked)
	}
	if color, err := flags.StringValue(ctx, "color", "blue", user); err != nil || color != "red" {
		t.Errorf("string: %q, %v", color, err)
	}
	if ratio, err := flags.FloatValue(ctx, "ratio", 0, user); err != nil || ratio != 0.25 {
		t.Errorf("float: %v, %v", ratio, err)
	}
	if limit, err := flags.IntValue(ctx, "limit", 0, user); err != nil || limit != 42 {
		t.Errorf("int: %v, %v", limit, err)
	}
	if _, err := flags.IntValue(ctx, "ratio", 7, user); err == nil {
		t.Error("a fractional number resolved as an int")
	}
	config, err := flags.ObjectValue(ctx, "config", nil, user)
	if err != nil || !reflect.DeepEqual(config, map[string]any{"depth": []any{1.0}}) {
		t.Errorf("object: %v, %v", config, err)
	}
	pricing, _ := flags.BooleanValueDetails(ctx, "pricing", false, user)
	if pricing.Reason != openfeature.SplitReason || pricing.FlagMetadata["inExperiment"] != true {
		t.Errorf("experiment: %+v", pricing)
	}
}

func TestProviderReportsErrorsAsOpenFeatureCodes(t *testing.T) {
	flags, _ := setUp(t, newFlagServer(t, testDocument(true)))
	ctx := context.Background()
	user := openfeature.NewEvaluationContext("user-42", nil)
	missing, err := flags.BooleanValueDetails(ctx, "missing", true, user)
	if err == nil || !missing.Value || missing.ErrorCode != openfeature.FlagNotFoundCode {
		t.Errorf("missing flag: %+v, %v", missing, err)
	}
	wrong, err := flags.StringValueDetails(ctx, "checkout", "fallback", user)
	if err == nil || wrong.Value != "fallback" || wrong.ErrorCode != openfeature.TypeMismatchCode {
		t.Errorf("wrong type: %+v, %v", wrong, err)
	}
}

func TestProviderReportsConfigurationChanges(t *testing.T) {
	server := newFlagServer(t, testDocument(true))
	flags, _ := setUp(t, server)
	changed := make(chan []string, 4)
	callback := func(details openfeature.EventDetails) { changed <- details.FlagChanges }
	flags.AddHandler(openfeature.ProviderConfigChange, &callback)

	next := testDocument(false)
	next.Flags["checkout"] = func(f flagswitch.Flag) flagswitch.Flag { f.Version = 2; return f }(next.Flags["checkout"])
	server.set(t, next)
	select {
	case keys := <-changed:
		if !reflect.DeepEqual(keys, []string{"checkout"}) {
			t.Errorf("changed flags %v", keys)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no PROVIDER_CONFIGURATION_CHANGED event")
	}
	if on, _ := flags.BooleanValue(context.Background(), "checkout", true, openfeature.NewEvaluationContext("u", nil)); on {
		t.Error("the change is not served")
	}
}

func TestProviderTracksConversionsAndExposures(t *testing.T) {
	server := newFlagServer(t, testDocument(true))
	flags, provider := setUp(t, server)
	user := openfeature.NewEvaluationContext("user-42", nil)
	_, _ = flags.BooleanValue(context.Background(), "pricing", false, user)
	flags.Track(context.Background(), "purchase", user, openfeature.NewTrackingEventDetails(19.5))
	if err := provider.ShutdownWithContext(context.Background()); err != nil { // closing flushes
		t.Fatal(err)
	}
	server.mu.Lock()
	defer server.mu.Unlock()
	if len(server.batches) != 1 {
		t.Fatalf("%d batches", len(server.batches))
	}
	var batch struct {
		Events []map[string]any `json:"events"`
	}
	_ = json.Unmarshal(server.batches[0], &batch)
	if len(batch.Events) != 2 || batch.Events[0]["kind"] != "exposure" || batch.Events[0]["experimentKey"] != "pricing-test" ||
		batch.Events[1]["eventKey"] != "purchase" || batch.Events[1]["value"] != 19.5 || batch.Events[1]["contextKey"] != "user-42" {
		t.Errorf("events %v", batch.Events)
	}
}

func TestProviderInitFailsWithoutADocument(t *testing.T) {
	server := newFlagServer(t, testDocument(true))
	client, _ := flagswitch.New(context.Background(), "wrong-key", flagswitch.WithBaseURL(server.URL), flagswitch.WithStreaming(false),
		flagswitch.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	provider := New(client)
	defer provider.Shutdown()
	if err := provider.InitWithContext(context.Background(), openfeature.EvaluationContext{}); err == nil {
		t.Error("init succeeded with a refused key")
	}
}
