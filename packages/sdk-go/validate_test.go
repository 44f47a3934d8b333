package flagswitch

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
)

// withFlag is a raw document with one boolean flag "f" whose fields are overridden by the JSON
// object overrides.
func withFlag(t *testing.T, overrides string) map[string]any {
	t.Helper()
	raw := asRaw(t, documentOf([]Flag{booleanFlag("f")}))
	flag := raw["flags"].(map[string]any)["f"].(map[string]any)
	for field, value := range rawJSON(t, overrides).(map[string]any) {
		flag[field] = value
	}
	return raw
}

func errorPaths(input any) []string {
	_, err := ValidateDocument(input)
	var refusals ValidationErrors
	if !errors.As(err, &refusals) {
		return nil
	}
	paths := make([]string, len(refusals))
	for i, refusal := range refusals {
		paths[i] = refusal.Path
	}
	return paths
}

func TestValidateDocumentAcceptsAWellFormedDocumentAndCopiesIt(t *testing.T) {
	input := asRaw(t, documentOf([]Flag{booleanFlag("f", func(f *Flag) {
		f.Rules = []Rule{{ID: "r", Serve: ServeVariation(0)}}
	})}))
	doc := mustValidate(t, input)
	encoded, err := doc.MarshalJSON()
	if err != nil || !reflect.DeepEqual(rawJSON(t, string(encoded)), input) {
		t.Fatalf("document changed in validation: %s (%v)", encoded, err)
	}
	input["flags"].(map[string]any)["f"].(map[string]any)["enabled"] = false
	if got := Evaluate(doc, "f", nil, false); got.Reason.Kind != ReasonRuleMatch {
		t.Fatalf("changing the input changed the validated document: %+v", got)
	}
	if doc.Environment() != "test" || doc.Version() != 1 || !reflect.DeepEqual(doc.FlagKeys(), []string{"f"}) {
		t.Fatalf("accessors: %q %d %v", doc.Environment(), doc.Version(), doc.FlagKeys())
	}
}

func TestValidateDocumentNamesEachProblemByPath(t *testing.T) {
	rule := func(clause string) string {
		return `{"rules":[{"id":"r","clauses":[` + clause + `],"serve":{"variation":0}}]}`
	}
	base := func(t *testing.T, edit func(map[string]any)) map[string]any {
		raw := asRaw(t, documentOf(nil))
		edit(raw)
		return raw
	}
	cases := []struct {
		name  string
		input func(t *testing.T) any
		path  string
	}{
		{"a wrong schemaVersion", func(t *testing.T) any { return base(t, func(m map[string]any) { m["schemaVersion"] = 2.0 }) }, "/schemaVersion"},
		{"a missing environment", func(t *testing.T) any { return base(t, func(m map[string]any) { delete(m, "environment") }) }, "/environment"},
		{"a fractional version", func(t *testing.T) any { return base(t, func(m map[string]any) { m["version"] = 1.5 }) }, "/version"},
		{"flags that are not an object", func(t *testing.T) any { return base(t, func(m map[string]any) { m["flags"] = []any{} }) }, "/flags"},
		{"null segments", func(t *testing.T) any { return base(t, func(m map[string]any) { m["segments"] = nil }) }, "/segments"},
		{"no segments (required, even when empty)", func(t *testing.T) any { return base(t, func(m map[string]any) { delete(m, "segments") }) }, "/segments"},
		{"a flag key differing from its entry", func(t *testing.T) any { return withFlag(t, `{"key":"g"}`) }, "/flags/f/key"},
		{"a flag that is not an object", func(t *testing.T) any {
			return base(t, func(m map[string]any) { m["flags"] = map[string]any{"f": "x"} })
		}, "/flags/f"},
		{"a negative flag version", func(t *testing.T) any { return withFlag(t, `{"version":-1}`) }, "/flags/f/version"},
		{"enabled not a boolean", func(t *testing.T) any { return withFlag(t, `{"enabled":"yes"}`) }, "/flags/f/enabled"},
		{"a null salt", func(t *testing.T) any { return withFlag(t, `{"salt":null}`) }, "/flags/f/salt"},
		{"clientSide not a boolean", func(t *testing.T) any { return withFlag(t, `{"clientSide":1}`) }, "/flags/f/clientSide"},
		{"a malformed experiment", func(t *testing.T) any { return withFlag(t, `{"experiment":{"key":"e"}}`) }, "/flags/f/experiment"},
		{"no variations", func(t *testing.T) any { return withFlag(t, `{"variations":[]}`) }, "/flags/f/variations"},
		{"a variation without a value", func(t *testing.T) any { return withFlag(t, `{"variations":[{"key":"a"}]}`) }, "/flags/f/variations/0"},
		{"duplicate variation keys", func(t *testing.T) any {
			return withFlag(t, `{"variations":[{"key":"a","value":1},{"key":"a","value":2}]}`)
		}, "/flags/f/variations/1/key"},
		{"an offVariation out of range", func(t *testing.T) any { return withFlag(t, `{"offVariation":2}`) }, "/flags/f/offVariation"},
		{"a target index out of range", func(t *testing.T) any { return withFlag(t, `{"targets":[{"variation":5,"values":["a"]}]}`) }, "/flags/f/targets/0/variation"},
		{"target values that are not keys", func(t *testing.T) any { return withFlag(t, `{"targets":[{"variation":0,"values":[1]}]}`) }, "/flags/f/targets/0/values"},
		{"null prerequisites", func(t *testing.T) any { return withFlag(t, `{"prerequisites":null}`) }, "/flags/f/prerequisites"},
		{"a prerequisite without a variation", func(t *testing.T) any { return withFlag(t, `{"prerequisites":[{"flag":"f"}]}`) }, "/flags/f/prerequisites/0"},
		{"a serve index out of range", func(t *testing.T) any { return withFlag(t, `{"fallthrough":{"variation":-1}}`) }, "/flags/f/fallthrough/variation"},
		{"a serve with both forms", func(t *testing.T) any {
			return withFlag(t, `{"fallthrough":{"variation":0,"rollout":{"weights":[0,100000]}}}`)
		}, "/flags/f/fallthrough"},
		{"an empty bucketBy", func(t *testing.T) any {
			return withFlag(t, `{"fallthrough":{"rollout":{"bucketBy":"","weights":[0,100000]}}}`)
		}, "/flags/f/fallthrough/rollout/bucketBy"},
		{"fractional weights", func(t *testing.T) any {
			return withFlag(t, `{"fallthrough":{"rollout":{"weights":[50000.5,49999.5]}}}`)
		}, "/flags/f/fallthrough/rollout/weights"},
		{"weights of the wrong count", func(t *testing.T) any { return withFlag(t, `{"fallthrough":{"rollout":{"weights":[100000]}}}`) }, "/flags/f/fallthrough/rollout/weights"},
		{"weights not summing to 100000", func(t *testing.T) any { return withFlag(t, `{"fallthrough":{"rollout":{"weights":[50000,40000]}}}`) }, "/flags/f/fallthrough/rollout/weights"},
		{"a rule without an id", func(t *testing.T) any { return withFlag(t, `{"rules":[{"clauses":[],"serve":{"variation":0}}]}`) }, "/flags/f/rules/0/id"},
		{"duplicate rule ids", func(t *testing.T) any {
			return withFlag(t, `{"rules":[{"id":"r","clauses":[],"serve":{"variation":0}},{"id":"r","clauses":[],"serve":{"variation":1}}]}`)
		}, "/flags/f/rules/1/id"},
		{"null clauses", func(t *testing.T) any {
			return withFlag(t, `{"rules":[{"id":"r","clauses":null,"serve":{"variation":0}}]}`)
		}, "/flags/f/rules/0/clauses"},
		{"an unknown operator", func(t *testing.T) any { return withFlag(t, rule(`{"attribute":"a","op":"between","values":[]}`)) }, "/flags/f/rules/0/clauses/0/op"},
		{"a clause without an attribute", func(t *testing.T) any { return withFlag(t, rule(`{"op":"exists","values":[]}`)) }, "/flags/f/rules/0/clauses/0/attribute"},
		{"a null negate", func(t *testing.T) any {
			return withFlag(t, rule(`{"attribute":"a","op":"exists","values":[],"negate":null}`))
		}, "/flags/f/rules/0/clauses/0/negate"},
		{"values that are not a list", func(t *testing.T) any { return withFlag(t, rule(`{"attribute":"a","op":"in","values":"x"}`)) }, "/flags/f/rules/0/clauses/0/values"},
		{"an in value that is an object", func(t *testing.T) any { return withFlag(t, rule(`{"attribute":"a","op":"in","values":["x",{}]}`)) }, "/flags/f/rules/0/clauses/0/values/1"},
		{"a number operator given a string", func(t *testing.T) any { return withFlag(t, rule(`{"attribute":"a","op":"lt","values":["5"]}`)) }, "/flags/f/rules/0/clauses/0/values/0"},
		{"a regex over 256 characters", func(t *testing.T) any {
			return withFlag(t, rule(`{"attribute":"a","op":"matches","values":["`+strings.Repeat("x", 257)+`"]}`))
		}, "/flags/f/rules/0/clauses/0/values/0"},
		{"a regex that does not compile", func(t *testing.T) any { return withFlag(t, rule(`{"attribute":"a","op":"matches","values":["(a"]}`)) }, "/flags/f/rules/0/clauses/0/values/0"},
		{"a look-ahead", func(t *testing.T) any {
			return withFlag(t, rule(`{"attribute":"a","op":"matches","values":["ok","a(?=b)"]}`))
		}, "/flags/f/rules/0/clauses/0/values/1"},
		{"an invalid semver", func(t *testing.T) any { return withFlag(t, rule(`{"attribute":"a","op":"semverLt","values":["v1"]}`)) }, "/flags/f/rules/0/clauses/0/values/0"},
		{"a zone-less date", func(t *testing.T) any {
			return withFlag(t, rule(`{"attribute":"a","op":"before","values":["2026-01-01T10:00"]}`))
		}, "/flags/f/rules/0/clauses/0/values/0"},
		{"a prerequisite on an unknown flag", func(t *testing.T) any { return withFlag(t, `{"prerequisites":[{"flag":"ghost","variation":"on"}]}`) }, "/flags/f/prerequisites/0/flag"},
		{"a prerequisite on a missing variation", func(t *testing.T) any { return withFlag(t, `{"prerequisites":[{"flag":"f","variation":"maybe"}]}`) }, "/flags/f/prerequisites/0/variation"},
		{"a prerequisite on itself", func(t *testing.T) any { return withFlag(t, `{"prerequisites":[{"flag":"f","variation":"on"}]}`) }, "/flags/f/prerequisites"},
		{"an unknown segment", func(t *testing.T) any {
			return withFlag(t, rule(`{"attribute":"key","op":"inSegment","values":["ghost"]}`))
		}, "/flags/f/rules/0/clauses/0/values/0"},
		{"a flag key that needs JSON Pointer escapes", func(t *testing.T) any {
			return documentOf([]Flag{booleanFlag("a/b~c", func(f *Flag) { f.OffVariation = 9 })})
		}, "/flags/a~1b~0c/offVariation"},
		{"a segment key differing from its entry", func(t *testing.T) any {
			return base(t, func(m map[string]any) { m["segments"] = rawJSON(t, `{"s":{"key":"t","version":1}}`) })
		}, "/segments/s/key"},
		{"segment included keys that are not strings", func(t *testing.T) any {
			return base(t, func(m map[string]any) {
				m["segments"] = rawJSON(t, `{"s":{"key":"s","version":1,"included":[1]}}`)
			})
		}, "/segments/s/included"},
		{"NaN in a Go value", func(t *testing.T) any { return base(t, func(m map[string]any) { m["extra"] = math.NaN() }) }, "/extra"},
		{"a func in a Go value", func(t *testing.T) any { return base(t, func(m map[string]any) { m["extra"] = func() {} }) }, "/extra"},
		{"JSON text that is not JSON", func(t *testing.T) any { return []byte(`{"schemaVersion":`) }, ""},
		{"a document that is not an object", func(t *testing.T) any { return []any{} }, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			paths := errorPaths(c.input(t))
			if len(paths) == 0 {
				t.Fatal("accepted")
			}
			if c.path != "" || c.name == "JSON text that is not JSON" || c.name == "a document that is not an object" {
				for _, path := range paths {
					if path == c.path {
						return
					}
				}
				t.Fatalf("paths %q do not include %q", paths, c.path)
			}
		})
	}
}

func TestValidateDocumentNamesEveryFlagAndSegmentOnACycle(t *testing.T) {
	doc := documentOf([]Flag{
		booleanFlag("a", func(f *Flag) { f.Prerequisites = []Prerequisite{{Flag: "b", Variation: "on"}} }),
		booleanFlag("b", func(f *Flag) { f.Prerequisites = []Prerequisite{{Flag: "c", Variation: "on"}} }),
		booleanFlag("c", func(f *Flag) { f.Prerequisites = []Prerequisite{{Flag: "b", Variation: "on"}} }),
	},
		Segment{Key: "x", Version: 1, Rules: []SegmentRule{{Clauses: []Clause{{Attribute: "key", Op: "inSegment", Values: []any{"y"}}}}}},
		Segment{Key: "y", Version: 1, Rules: []SegmentRule{{Clauses: []Clause{{Attribute: "key", Op: "inSegment", Values: []any{"x"}}}}}},
	)
	got := errorPaths(doc)
	want := []string{"/flags/b/prerequisites", "/flags/c/prerequisites", "/segments/x/rules", "/segments/y/rules"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("paths %q, want %q", got, want)
	}
}

func TestValidateDocumentReportsEveryProblemNotOnlyTheFirst(t *testing.T) {
	paths := errorPaths(documentOf([]Flag{
		booleanFlag("a", func(f *Flag) { f.OffVariation = 7 }),
		booleanFlag("b", func(f *Flag) {
			f.Version = -1
			f.Fallthrough = ServeVariation(9)
			f.Rules = []Rule{{ID: "r", Clauses: []Clause{{Attribute: "x", Op: "nope"}}, Serve: ServeVariation(0)}}
		}),
	}))
	for _, want := range []string{"/flags/a/offVariation", "/flags/b/version", "/flags/b/fallthrough/variation", "/flags/b/rules/0/clauses/0/op"} {
		if !containsKey(paths, want) {
			t.Errorf("paths %q do not include %q", paths, want)
		}
	}
}

func TestValidateDocumentRefusesCircularAndDeepInput(t *testing.T) {
	circular := asRaw(t, documentOf(nil))
	circular["self"] = circular
	if _, err := ValidateDocument(circular); err == nil {
		t.Error("circular map accepted")
	}
	deep := strings.Repeat(`{"a":`, 70) + "1" + strings.Repeat("}", 70)
	text := `{"schemaVersion":1,"environment":"e","version":0,"flags":{},"segments":{},"extra":` + deep + `}`
	if _, err := ValidateDocument([]byte(text)); err == nil || !strings.Contains(err.Error(), "nested deeper") {
		t.Errorf("deep JSON: %v", err)
	}
}

func TestValidationErrorsReadWell(t *testing.T) {
	_, err := ValidateDocument(withFlag(t, `{"offVariation":9,"version":-1,"enabled":1,"salt":2}`))
	message := err.Error()
	if !strings.HasPrefix(message, "invalid flag document: /flags/f/") || !strings.Contains(message, `flag "f"`) || !strings.Contains(message, "and 1 more") {
		t.Fatalf("message: %s", message)
	}
}
