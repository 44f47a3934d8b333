package flagswitch

import (
	"reflect"
	"strconv"
	"testing"
)

func orderedDocument(t *testing.T) *Document {
	return mustValidate(t, documentOf([]Flag{
		booleanFlag("gate"),
		booleanFlag("checkout", func(f *Flag) {
			f.Prerequisites = []Prerequisite{{Flag: "gate", Variation: "on"}}
			f.Targets = []Target{{Variation: 0, Values: []string{"blocked-user"}}}
			f.Rules = []Rule{
				{ID: "staff", Clauses: []Clause{{Attribute: "email", Op: "endsWith", Values: []any{"@acme.com"}}}, Serve: ServeVariation(1)},
				{ID: "everyone-else-in-de", Clauses: []Clause{{Attribute: "country", Op: "in", Values: []any{"DE"}}}, Serve: ServeVariation(0)},
				{ID: "beta", Clauses: []Clause{{Attribute: "key", Op: "inSegment", Values: []any{"beta"}}}, Serve: ServeVariation(1)},
			}
			f.Fallthrough = ServeVariation(0)
		}),
	}, Segment{Key: "beta", Version: 1, Included: []string{"tester"}}))
}

func TestEvaluateFirstAnswerWins(t *testing.T) {
	doc := orderedDocument(t)
	cases := []struct {
		ctx   Context
		kind  ReasonKind
		value bool
		rule  string
	}{
		{Context{"key": "blocked-user", "email": "b@acme.com"}, ReasonTargetMatch, false, ""},
		{Context{"key": "ann", "email": "ann@acme.com", "country": "DE"}, ReasonRuleMatch, true, "staff"},
		{Context{"key": "bob", "country": "DE"}, ReasonRuleMatch, false, "everyone-else-in-de"},
		{Context{"key": "tester"}, ReasonRuleMatch, true, "beta"},
		{Context{"key": "carol"}, ReasonFallthrough, false, ""},
	}
	for _, c := range cases {
		result := Evaluate(doc, "checkout", c.ctx, false)
		if result.Reason.Kind != c.kind || result.Value != c.value || result.Reason.RuleID != c.rule {
			t.Errorf("%v: got %+v, want %s/%v rule %q", c.ctx, result, c.kind, c.value, c.rule)
		}
	}
}

func TestEvaluateChecksOffAndPrerequisitesBeforeTargets(t *testing.T) {
	raw := asRaw(t, orderedDocument(t))
	gate := raw["flags"].(map[string]any)["gate"].(map[string]any)
	gate["enabled"] = false
	doc := mustValidate(t, raw)
	result := Evaluate(doc, "checkout", Context{"key": "blocked-user"}, true)
	want := Reason{Kind: ReasonPrerequisiteFailed, PrerequisiteKey: "gate"}
	if result.Reason != want || result.Value != false || result.VariationKey != "off" {
		t.Errorf("got %+v, want off with %+v", result, want)
	}

	gate["enabled"] = true
	raw["flags"].(map[string]any)["checkout"].(map[string]any)["enabled"] = false
	doc = mustValidate(t, raw)
	result = Evaluate(doc, "checkout", Context{"key": "ann", "email": "ann@acme.com"}, true)
	if result.Reason.Kind != ReasonOff || result.Value != false || result.VariationIndex != 0 {
		t.Errorf("got %+v, want OFF", result)
	}
}

func TestEvaluateServesDefaultForUnknownFlagsAndWrongTypes(t *testing.T) {
	doc := orderedDocument(t)
	result := Evaluate(doc, "nope", Context{"key": "a"}, "fallback")
	want := EvaluationResult{Value: "fallback", VariationIndex: -1, Reason: Reason{Kind: ReasonError, ErrorKind: ErrorFlagNotFound}}
	if !reflect.DeepEqual(result, want) {
		t.Errorf("unknown flag: got %+v, want %+v", result, want)
	}
	for _, def := range []any{"text", 0, 1.5, int64(2)} {
		if got := Evaluate(doc, "gate", Context{"key": "a"}, def); got.Reason.ErrorKind != ErrorWrongType || got.Value != def {
			t.Errorf("default %#v: got %+v, want WRONG_TYPE", def, got)
		}
	}
	for _, def := range []any{nil, map[string]any{"any": "json"}, []any{}} {
		if got := Evaluate(doc, "gate", Context{"key": "a"}, def); got.Value != true {
			t.Errorf("default %#v should accept any value, got %+v", def, got)
		}
	}
	if got := Evaluate(nil, "gate", nil, false); got.Reason.ErrorKind != ErrorFlagNotFound {
		t.Errorf("nil document: %+v", got)
	}
}

func TestEvaluateClauseOperators(t *testing.T) {
	type check struct {
		ctx  Context
		want bool
	}
	cases := []struct {
		name   string
		clause Clause
		checks []check
	}{
		{"in keeps JSON types apart", Clause{Attribute: "a", Op: "in", Values: []any{"1", 2, true}}, []check{
			{Context{"a": "1"}, true}, {Context{"a": 1}, false}, {Context{"a": 2}, true}, {Context{"a": 2.0}, true},
			{Context{"a": "2"}, false}, {Context{"a": true}, true}, {Context{"a": false}, false}, {Context{"a": 1.0}, false},
		}},
		{"startsWith is case-sensitive", Clause{Attribute: "a", Op: "startsWith", Values: []any{"ab", "x"}}, []check{
			{Context{"a": "abc"}, true}, {Context{"a": "ABC"}, false}, {Context{"a": "xyz"}, true}, {Context{"a": 1}, false},
		}},
		{"endsWith", Clause{Attribute: "a", Op: "endsWith", Values: []any{"@acme.com"}}, []check{
			{Context{"a": "ann@acme.com"}, true}, {Context{"a": "ann@acme.co"}, false},
		}},
		{"contains", Clause{Attribute: "a", Op: "contains", Values: []any{"ü"}}, []check{
			{Context{"a": "düsseldorf"}, true}, {Context{"a": "dusseldorf"}, false},
		}},
		{"matches searches unanchored", Clause{Attribute: "a", Op: "matches", Values: []any{`\d{3}`}}, []check{
			{Context{"a": "ab123c"}, true}, {Context{"a": "12"}, false}, {Context{"a": 123}, false},
		}},
		{"lt", Clause{Attribute: "a", Op: "lt", Values: []any{10}}, []check{{Context{"a": 9.5}, true}, {Context{"a": 10}, false}, {Context{"a": "9"}, false}}},
		{"lte", Clause{Attribute: "a", Op: "lte", Values: []any{10}}, []check{{Context{"a": 10}, true}, {Context{"a": 11}, false}}},
		{"gt any value", Clause{Attribute: "a", Op: "gt", Values: []any{100, 10}}, []check{{Context{"a": 11}, true}, {Context{"a": 10}, false}}},
		{"gte", Clause{Attribute: "a", Op: "gte", Values: []any{-1}}, []check{{Context{"a": -1}, true}, {Context{"a": -1.5}, false}}},
		{"semverEq", Clause{Attribute: "v", Op: "semverEq", Values: []any{"2.1"}}, []check{{Context{"v": "2.1.0"}, true}, {Context{"v": "2.1.1"}, false}, {Context{"v": "v2.1.0"}, false}}},
		{"semverLt", Clause{Attribute: "v", Op: "semverLt", Values: []any{"2.0.0"}}, []check{{Context{"v": "2.0.0-rc.1"}, true}, {Context{"v": "2.0.0"}, false}}},
		{"semverGt", Clause{Attribute: "v", Op: "semverGt", Values: []any{"1.9.9"}}, []check{{Context{"v": "1.10.0"}, true}, {Context{"v": "1.9.9"}, false}}},
		{"before", Clause{Attribute: "d", Op: "before", Values: []any{"2026-01-01"}}, []check{
			{Context{"d": "2025-12-31T23:59:59Z"}, true}, {Context{"d": "2026-01-01T01:00+02:00"}, true},
			{Context{"d": "2026-01-01"}, false}, {Context{"d": 1_700_000_000_000}, true}, {Context{"d": "2025-12-31T10:00"}, false},
		}},
		{"after epoch millis", Clause{Attribute: "d", Op: "after", Values: []any{1_700_000_000_000}}, []check{
			{Context{"d": 1_700_000_000_001}, true}, {Context{"d": "2030-01-01"}, true}, {Context{"d": true}, false},
		}},
		{"exists", Clause{Attribute: "a", Op: "exists"}, []check{
			{Context{"a": ""}, true}, {Context{"a": map[string]any{}}, true}, {Context{"a": []any{}}, true}, {Context{"a": nil}, false}, {Context{}, false},
		}},
		{"negate inverts even for a missing attribute", Clause{Attribute: "country", Op: "in", Values: []any{"FR"}, Negate: true}, []check{
			{Context{"country": "FR"}, false}, {Context{"country": "DE"}, true}, {Context{}, true}, {nil, true},
		}},
		{"arrays match when any element matches", Clause{Attribute: "groups", Op: "in", Values: []any{"staff"}}, []check{
			{Context{"groups": []any{"berlin", "staff"}}, true}, {Context{"groups": []string{"staff"}}, true},
			{Context{"groups": []any{"berlin"}}, false}, {Context{"groups": []any{[]any{"staff"}}}, false},
			{Context{"groups": map[string]any{"staff": true}}, false},
		}},
		{"arrays of numbers", Clause{Attribute: "n", Op: "gt", Values: []any{5}}, []check{
			{Context{"n": []int{1, 7}}, true}, {Context{"n": []float64{1, 2}}, false}, {Context{"n": []int64{9}}, true},
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc := mustValidate(t, documentOf([]Flag{booleanFlag("f", func(f *Flag) {
				f.Rules = []Rule{{ID: "r", Clauses: []Clause{c.clause}, Serve: ServeVariation(1)}}
				f.Fallthrough = ServeVariation(0)
			})}))
			for _, check := range c.checks {
				if got := Evaluate(doc, "f", check.ctx, false); got.Value != check.want {
					t.Errorf("%v: served %v (%+v), want %v", check.ctx, got.Value, got.Reason, check.want)
				}
			}
		})
	}
}

func TestEvaluateNamedGoTypesCountAsWhatTheyAre(t *testing.T) {
	type plan string
	type userID string
	doc := mustValidate(t, documentOf([]Flag{booleanFlag("f", func(f *Flag) {
		f.Targets = []Target{{Variation: 0, Values: []string{"u-1"}}}
		f.Rules = []Rule{{ID: "r", Clauses: []Clause{{Attribute: "plan", Op: "in", Values: []any{"pro"}}}, Serve: ServeVariation(0)}}
	})}))
	if got := Evaluate(doc, "f", Context{"key": userID("u-1")}, true); got.Reason.Kind != ReasonTargetMatch {
		t.Errorf("named key type: %+v", got)
	}
	if got := Evaluate(doc, "f", Context{"key": "u-2", "plan": plan("pro")}, true); got.Reason.Kind != ReasonRuleMatch {
		t.Errorf("named attribute type: %+v", got)
	}
}

func TestEvaluateSegments(t *testing.T) {
	doc := mustValidate(t, documentOf([]Flag{booleanFlag("f", func(f *Flag) {
		f.Rules = []Rule{{ID: "in-vip", Clauses: []Clause{{Attribute: "key", Op: "inSegment", Values: []any{"vip"}}}, Serve: ServeVariation(1)}}
		f.Fallthrough = ServeVariation(0)
	})},
		Segment{Key: "vip", Version: 1, Included: []string{"ann"}, Excluded: []string{"bob"}, Rules: []SegmentRule{
			{Clauses: []Clause{{Attribute: "plan", Op: "in", Values: []any{"enterprise"}}}},
			{Clauses: []Clause{{Attribute: "key", Op: "inSegment", Values: []any{"staff"}}}},
		}},
		Segment{Key: "staff", Version: 1, Rules: []SegmentRule{{Clauses: []Clause{{Attribute: "email", Op: "endsWith", Values: []any{"@acme.com"}}}}}},
	))
	cases := map[string]struct {
		ctx  Context
		want bool
	}{
		"included":                     {Context{"key": "ann"}, true},
		"excluded beats rules":         {Context{"key": "bob", "plan": "enterprise"}, false},
		"a rule":                       {Context{"key": "carl", "plan": "enterprise"}, true},
		"a rule through a segment":     {Context{"key": "dora", "email": "d@acme.com"}, true},
		"no rule":                      {Context{"key": "eve"}, false},
		"no key still matches by rule": {Context{"plan": "enterprise"}, true},
	}
	for name, c := range cases {
		if got := Evaluate(doc, "f", c.ctx, false); got.Value != c.want {
			t.Errorf("%s: served %v, want %v", name, got.Value, c.want)
		}
	}
}

func TestEvaluateRolloutsAndExperiments(t *testing.T) {
	doc := mustValidate(t, documentOf([]Flag{
		booleanFlag("rollout", func(f *Flag) {
			f.Fallthrough = Serve{Rollout: &Rollout{BucketBy: "org", Weights: []int{50000, 50000}}}
			f.Experiment = &Experiment{Key: "exp", Running: true}
		}),
		booleanFlag("stopped", func(f *Flag) {
			f.Fallthrough = ServeRollout(50000, 50000)
			f.Experiment = &Experiment{Key: "exp", Running: false}
		}),
	}))
	on, off := 0, 0
	for i := 0; i < 1000; i++ {
		result := Evaluate(doc, "rollout", Context{"org": i}, false)
		if result.Reason != (Reason{Kind: ReasonFallthrough, InExperiment: true}) {
			t.Fatalf("org %d: reason %+v", i, result.Reason)
		}
		if bucket := Bucket("rollout", strconv.Itoa(i)); (bucket < 50000) != (result.VariationIndex == 0) {
			t.Fatalf("org %d: bucket %d served index %d", i, bucket, result.VariationIndex)
		}
		if result.Value == true {
			on++
		} else {
			off++
		}
	}
	if on < 400 || off < 400 {
		t.Errorf("50/50 rollout served %d on, %d off", on, off)
	}
	for _, ctx := range []Context{{"key": "k"}, {"org": 1.5}, {"org": true}, {"org": nil}, {"org": []any{"a"}}} {
		result := Evaluate(doc, "rollout", ctx, false)
		if result.Reason != (Reason{Kind: ReasonFallthrough}) || result.VariationIndex != 0 {
			t.Errorf("%v: an unbucketable context must get the off variation without inExperiment, got %+v", ctx, result)
		}
	}
	if result := Evaluate(doc, "stopped", Context{"key": "k"}, false); result.Reason.InExperiment {
		t.Errorf("a stopped experiment exposed: %+v", result)
	}
}

func TestEvaluateRawDocumentLikeItsValidatedCopy(t *testing.T) {
	doc := orderedDocument(t)
	raw := Unvalidated(asRaw(t, doc))
	for _, key := range []string{"ann", "bob", "tester", "blocked-user", "carol"} {
		ctx := Context{"key": key, "email": key + "@acme.com", "country": "DE"}
		if got, want := Evaluate(raw, "checkout", ctx, false), Evaluate(doc, "checkout", ctx, false); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: raw %+v, validated %+v", key, got, want)
		}
	}
}

func TestEvaluateTurnsCyclesAndMalformedFlagsIntoMalformedFlag(t *testing.T) {
	raw := rawJSON(t, `{"schemaVersion":1,"environment":"t","version":1,
	  "flags":{
	    "a":{"key":"a","version":1,"enabled":true,"variations":[{"key":"off","value":false},{"key":"on","value":true}],"offVariation":0,"fallthrough":{"variation":1},"prerequisites":[{"flag":"b","variation":"on"}]},
	    "b":{"key":"b","version":1,"enabled":true,"variations":[{"key":"off","value":false},{"key":"on","value":true}],"offVariation":0,"fallthrough":{"variation":1},"prerequisites":[{"flag":"a","variation":"on"}]},
	    "s":{"key":"s","version":1,"enabled":true,"variations":[{"key":"off","value":false},{"key":"on","value":true}],"offVariation":0,"fallthrough":{"variation":1},"rules":[{"id":"r","clauses":[{"attribute":"key","op":"inSegment","values":["x"]}],"serve":{"variation":0}}]},
	    "missing-segment":{"key":"missing-segment","version":1,"enabled":true,"variations":[{"key":"off","value":false}],"offVariation":0,"fallthrough":{"variation":0},"rules":[{"id":"r","clauses":[{"attribute":"key","op":"inSegment","values":["nope"]}],"serve":{"variation":0}}]},
	    "bad-index":{"key":"bad-index","version":1,"enabled":false,"variations":[{"key":"off","value":false}],"offVariation":3,"fallthrough":{"variation":0}},
	    "needs-bad":{"key":"needs-bad","version":1,"enabled":true,"variations":[{"key":"off","value":false}],"offVariation":0,"fallthrough":{"variation":0},"prerequisites":[{"flag":"bad-index","variation":"off"}]},
	    "needs-missing":{"key":"needs-missing","version":1,"enabled":true,"variations":[{"key":"off","value":false},{"key":"on","value":true}],"offVariation":0,"fallthrough":{"variation":1},"prerequisites":[{"flag":"ghost","variation":"on"}]},
	    "not-an-object":7
	  },
	  "segments":{
	    "x":{"key":"x","version":1,"rules":[{"clauses":[{"attribute":"key","op":"inSegment","values":["y"]}]}]},
	    "y":{"key":"y","version":1,"rules":[{"clauses":[{"attribute":"key","op":"inSegment","values":["x"]}]}]}
	  }}`)
	doc := Unvalidated(raw)
	malformed := Reason{Kind: ReasonError, ErrorKind: ErrorMalformedFlag}
	for _, key := range []string{"a", "b", "s", "missing-segment", "bad-index", "needs-bad", "not-an-object"} {
		if got := Evaluate(doc, key, Context{"key": "u"}, true); got.Reason != malformed || got.Value != true {
			t.Errorf("flag %q: got %+v, want the default with MALFORMED_FLAG", key, got)
		}
	}
	got := Evaluate(doc, "needs-missing", Context{"key": "u"}, true)
	if got.Reason != (Reason{Kind: ReasonPrerequisiteFailed, PrerequisiteKey: "ghost"}) || got.Value != false {
		t.Errorf("unknown prerequisite: %+v", got)
	}
}

func TestEvaluateAllEvaluatesEveryFlag(t *testing.T) {
	all := EvaluateAll(orderedDocument(t), Context{"key": "ann", "email": "ann@acme.com"})
	if len(all) != 2 || all["checkout"].Reason != (Reason{Kind: ReasonRuleMatch, RuleID: "staff"}) || all["gate"].Value != true {
		t.Errorf("got %+v", all)
	}
	if len(EvaluateAll(nil, nil)) != 0 {
		t.Error("nil document has flags")
	}
}

func TestEvaluationResultJSONHasTheSharedShape(t *testing.T) {
	doc := orderedDocument(t)
	cases := map[string]EvaluationResult{
		`{"value":true,"variationIndex":1,"variationKey":"on","reason":{"kind":"RULE_MATCH","ruleId":"staff"}}`:          Evaluate(doc, "checkout", Context{"key": "a", "email": "a@acme.com"}, false),
		`{"value":"x","variationIndex":null,"variationKey":null,"reason":{"kind":"ERROR","errorKind":"FLAG_NOT_FOUND"}}`: Evaluate(doc, "nope", nil, "x"),
	}
	for want, result := range cases {
		encoded, err := result.MarshalJSON()
		if err != nil || string(encoded) != want {
			t.Errorf("got %s (%v), want %s", encoded, err, want)
		}
		var decoded EvaluationResult
		if err := decoded.UnmarshalJSON(encoded); err != nil || !reflect.DeepEqual(decoded, result) {
			t.Errorf("round trip of %s: %+v (%v)", want, decoded, err)
		}
	}
}
