package flagswitch

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"
)

func flagJSON(t *testing.T, flag Flag) map[string]any {
	t.Helper()
	return asRaw(t, flag)
}

func TestApplyPatchReplacesOnlyNewerVersions(t *testing.T) {
	doc := mustValidate(t, documentOf([]Flag{booleanFlag("f", func(f *Flag) { f.Version = 3 })}))
	off := booleanFlag("f", func(f *Flag) { f.Version = 4; f.Enabled = false })
	patch := map[string]any{"kind": "flag", "key": "f", "data": flagJSON(t, off)}

	next, applied, err := ApplyPatch(doc, patch)
	if err != nil || !applied || Evaluate(next, "f", nil, true).Reason.Kind != ReasonOff {
		t.Fatalf("newer version: applied %v, err %v", applied, err)
	}
	if Evaluate(doc, "f", nil, true).Value != true {
		t.Fatal("the original document changed")
	}
	if version, _ := next.FlagVersion("f"); version != 4 {
		t.Fatalf("version %d", version)
	}
	for _, version := range []int64{3, 2} {
		stale := booleanFlag("f", func(f *Flag) { f.Version = version; f.Enabled = false })
		same, applied, err := ApplyPatch(doc, map[string]any{"kind": "flag", "key": "f", "data": flagJSON(t, stale)})
		if err != nil || applied || same != doc {
			t.Errorf("version %d over 3: applied %v, err %v", version, applied, err)
		}
	}
}

func TestApplyPatchAddsFlagsAndSegmentsFromJSONText(t *testing.T) {
	doc := mustValidate(t, documentOf([]Flag{booleanFlag("f")}))
	next, applied, err := ApplyPatch(doc, []byte(`{"kind":"segment","key":"s","data":{"key":"s","version":1,"included":["ann"]}}`))
	if err != nil || !applied {
		t.Fatalf("segment: %v %v", applied, err)
	}
	rule := booleanFlag("g", func(f *Flag) {
		f.Rules = []Rule{{ID: "r", Clauses: []Clause{{Attribute: "key", Op: "inSegment", Values: []any{"s"}}}, Serve: ServeVariation(0)}}
	})
	text, _ := json.Marshal(map[string]any{"kind": "flag", "key": "g", "data": rule})
	next, applied, err = ApplyPatch(next, text)
	if err != nil || !applied || Evaluate(next, "g", Context{"key": "ann"}, true).Value != false {
		t.Fatalf("flag: %v %v", applied, err)
	}
}

func TestApplyPatchRefusesChangesThatBreakTheDocument(t *testing.T) {
	doc := mustValidate(t, documentOf([]Flag{
		booleanFlag("gate"),
		booleanFlag("f", func(f *Flag) { f.Prerequisites = []Prerequisite{{Flag: "gate", Variation: "on"}} }),
	}))
	cases := map[string]any{
		"not a patch":   map[string]any{"kind": "environment", "key": "f", "data": map[string]any{"version": 9}},
		"no version":    map[string]any{"kind": "flag", "key": "f", "data": map[string]any{"key": "f"}},
		"malformed":     map[string]any{"kind": "flag", "key": "f", "data": map[string]any{"key": "f", "version": 9, "enabled": "yes"}},
		"a cycle":       map[string]any{"kind": "flag", "key": "gate", "data": flagJSON(t, booleanFlag("gate", func(f *Flag) { f.Version = 2; f.Prerequisites = []Prerequisite{{Flag: "f", Variation: "on"}} }))},
		"not JSON text": []byte(`{"kind":`),
	}
	for name, patch := range cases {
		kept, applied, err := ApplyPatch(doc, patch)
		if err == nil || applied || kept != doc {
			t.Errorf("%s: applied %v, err %v", name, applied, err)
		}
	}
	kept, applied, err := ApplyDelete(doc, map[string]any{"kind": "flag", "key": "gate", "version": 5})
	if err == nil || applied || kept != doc {
		t.Errorf("deleting a prerequisite: applied %v, err %v", applied, err)
	}
}

func TestApplyDeleteRemovesUnlessTheDocumentHoldsANewerVersion(t *testing.T) {
	doc := mustValidate(t, documentOf([]Flag{booleanFlag("f", func(f *Flag) { f.Version = 3 })}))
	if same, applied, err := ApplyDelete(doc, `{"kind":"flag","key":"f","version":2}`); err != nil || applied || same != doc {
		t.Errorf("older deletion: applied %v, err %v", applied, err)
	}
	if same, applied, err := ApplyDelete(doc, map[string]any{"kind": "flag", "key": "ghost", "version": 2}); err != nil || applied || same != doc {
		t.Errorf("unknown key: applied %v, err %v", applied, err)
	}
	next, applied, err := ApplyDelete(doc, map[string]any{"kind": "flag", "key": "f", "version": 3})
	if err != nil || !applied || Evaluate(next, "f", nil, true).Reason.ErrorKind != ErrorFlagNotFound {
		t.Errorf("deletion: applied %v, err %v", applied, err)
	}
}

func TestApplyPatchToUnvalidatedDocumentValidatesTheResult(t *testing.T) {
	raw := Unvalidated(asRaw(t, documentOf([]Flag{booleanFlag("f")})))
	next, applied, err := ApplyPatch(raw, map[string]any{"kind": "flag", "key": "f", "data": flagJSON(t, booleanFlag("f", func(f *Flag) { f.Version = 2; f.Enabled = false }))})
	if err != nil || !applied || !next.validated || Evaluate(next, "f", nil, true).Reason.Kind != ReasonOff {
		t.Fatalf("applied %v, err %v", applied, err)
	}
}

// A change to one flag of 10,000 compiles only that flag: milliseconds, not a re-validation.
func TestApplyPatchOnALargeDocumentIsQuick(t *testing.T) {
	flags := make([]Flag, 10_000)
	for i := range flags {
		flags[i] = booleanFlag(fmt.Sprintf("flag-%05d", i), func(f *Flag) {
			f.Rules = []Rule{{ID: "r", Clauses: []Clause{{Attribute: "plan", Op: "in", Values: []any{"pro", "team"}}}, Serve: ServeVariation(0)}}
		})
	}
	doc := mustValidate(t, documentOf(flags))
	patch := map[string]any{"kind": "flag", "key": "flag-00042", "data": flagJSON(t, booleanFlag("flag-00042", func(f *Flag) { f.Version = 2 }))}
	start := time.Now()
	next, applied, err := ApplyPatch(doc, patch)
	elapsed := time.Since(start)
	if err != nil || !applied || len(next.flags) != 10_000 {
		t.Fatalf("applied %v, err %v", applied, err)
	}
	t.Logf("patch of one flag among 10,000: %v", elapsed)
	if elapsed > 500*time.Millisecond {
		t.Errorf("patching took %v", elapsed)
	}
}

func TestApplyPatchWithoutADocumentIsRefused(t *testing.T) {
	next, applied, err := ApplyPatch(nil, map[string]any{"kind": "flag", "key": "f", "data": flagJSON(t, booleanFlag("f"))})
	if next != nil || applied || err == nil {
		t.Errorf("got %v, %v, %v", next, applied, err)
	}
}
