package flagswitch

import (
	"encoding/json"
	"testing"
)

// go test -run '^$' -fuzz FuzzValidateDocument   (and FuzzEvaluate)
//
// Without -fuzz, the seed corpus below runs as ordinary tests.

func fuzzSeedDocuments(f *testing.F) [][]byte {
	seeds := []any{
		documentOf(scenarioFlags()),
		documentOf([]Flag{booleanFlag("checkout", func(fl *Flag) {
			fl.Prerequisites = []Prerequisite{{Flag: "gate", Variation: "on"}}
			fl.Targets = []Target{{Variation: 0, Values: []string{"blocked"}}}
			fl.Rules = []Rule{
				{ID: "seg", Clauses: []Clause{{Attribute: "key", Op: "inSegment", Values: []any{"beta"}}}, Serve: ServeVariation(1)},
				{ID: "re", Clauses: []Clause{{Attribute: "email", Op: "matches", Values: []any{`@acme\.com$`}, Negate: true}}, Serve: ServeVariation(0)},
				{ID: "ver", Clauses: []Clause{{Attribute: "app", Op: "semverLt", Values: []any{"2.0.0-rc.1"}}}, Serve: ServeRollout(30000, 70000)},
				{ID: "date", Clauses: []Clause{{Attribute: "signup", Op: "after", Values: []any{"2026-01-01T00:00Z"}}}, Serve: ServeVariation(1)},
			}
		}), booleanFlag("gate")}, Segment{Key: "beta", Version: 1, Included: []string{"ann"}, Rules: []SegmentRule{{Clauses: []Clause{{Attribute: "plan", Op: "in", Values: []any{"pro"}}}}}}),
	}
	var texts [][]byte
	for _, seed := range seeds {
		text, err := json.Marshal(seed)
		if err != nil {
			f.Fatal(err)
		}
		texts = append(texts, text)
	}
	texts = append(texts,
		[]byte(`{}`), []byte(`null`), []byte(`[]`), []byte(`{"flags":{"f":7}}`),
		[]byte(`{"schemaVersion":1,"environment":"e","version":1,"flags":{"a":{"key":"a","version":1,"enabled":true,"variations":[{"key":"on","value":true}],"offVariation":0,"fallthrough":{"variation":0},"prerequisites":[{"flag":"a","variation":"on"}]}}}`),
	)
	return texts
}

func FuzzValidateDocument(f *testing.F) {
	for _, seed := range fuzzSeedDocuments(f) {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		doc, err := ValidateDocument(text)
		if (doc == nil) == (err == nil) {
			t.Fatalf("exactly one of document and error expected: %v, %v", doc, err)
		}
		if doc == nil {
			return
		}
		// A valid document survives a round trip unchanged, and every flag evaluates without
		// a malformed-flag error.
		again, err := doc.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ValidateDocument(again); err != nil {
			t.Fatalf("round trip refused: %v", err)
		}
		for key, result := range EvaluateAll(doc, Context{"key": "fuzz", "plan": "pro"}) {
			if result.Reason.ErrorKind == ErrorMalformedFlag {
				t.Fatalf("flag %q of a valid document is malformed", key)
			}
		}
	})
}

func FuzzEvaluate(f *testing.F) {
	for _, seed := range fuzzSeedDocuments(f) {
		f.Add(seed, "checkout", []byte(`{"key":"ann","plan":"pro","app":"1.9.0","signup":"2026-05-01"}`))
		f.Add(seed, "C", []byte(`{"key":42,"plan":["team"],"country":null}`))
		f.Add(seed, "D", []byte(`"not an object"`))
	}
	f.Fuzz(func(t *testing.T, document []byte, flagKey string, contextText []byte) {
		var decoded any
		_ = json.Unmarshal(contextText, &decoded)
		ctx, _ := decoded.(map[string]any)
		raw := Unvalidated(document)
		result := Evaluate(raw, flagKey, ctx, false)
		if result.Reason.Kind == "" {
			t.Fatal("a result without a reason")
		}
		if result.IsDefault() != (result.Reason.Kind == ReasonError) {
			t.Fatalf("default served without an error, or the reverse: %+v", result)
		}
		if validated, err := ValidateDocument(document); err == nil {
			if again := Evaluate(validated, flagKey, ctx, false); again != result {
				t.Fatalf("validated %+v, raw %+v", again, result)
			}
		}
	})
}
