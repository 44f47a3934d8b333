package flagswitch

import "testing"

// Evaluating a compiled document allocates nothing: results are built when the document is
// compiled, hashing reads strings in place, and integers are formatted on the stack.
func TestEvaluationDoesNotAllocate(t *testing.T) {
	doc := benchmarkDocument(t, 0)
	ctx := rotatingContexts(1)[0]
	numeric := Context{"key": 1234567.0, "plan": "team"}
	for _, flag := range []string{"A", "B", "C", "D"} {
		for _, c := range []Context{ctx, numeric} {
			var result EvaluationResult
			allocs := testing.AllocsPerRun(200, func() { result = Evaluate(doc, flag, c, false) })
			if allocs != 0 {
				t.Errorf("scenario %s (%v): %v allocations per evaluation", flag, c, allocs)
			}
			if result.IsDefault() && flag != "D" {
				t.Errorf("scenario %s served the default: %+v", flag, result.Reason)
			}
		}
	}
}

func TestSegmentsAndPrerequisitesDoNotAllocate(t *testing.T) {
	doc := mustValidate(t, documentOf([]Flag{
		booleanFlag("gate"),
		booleanFlag("f", func(f *Flag) {
			f.Prerequisites = []Prerequisite{{Flag: "gate", Variation: "on"}}
			f.Rules = []Rule{{ID: "r", Clauses: []Clause{{Attribute: "key", Op: "inSegment", Values: []any{"s"}}}, Serve: ServeVariation(0)}}
		}),
	}, Segment{Key: "s", Version: 1, Rules: []SegmentRule{{Clauses: []Clause{{Attribute: "plan", Op: "in", Values: []any{"pro"}}}}}}))
	ctx := Context{"key": "u", "plan": "pro"}
	if allocs := testing.AllocsPerRun(200, func() { Evaluate(doc, "f", ctx, true) }); allocs != 0 {
		t.Errorf("%v allocations per evaluation", allocs)
	}
}
