package flagswitch

import (
	"fmt"
	"testing"
)

// The benchmark scenarios of benchmarks/fixtures.mjs, so the Go figures compare with the
// TypeScript ones: A a boolean flag, B a 25 % rollout, C ten rules where the last matches and
// splits 50/50, D an A/B/C experiment.
func scenarioFlags() []Flag {
	onOff := []Variation{{Key: "off", Value: false}, {Key: "on", Value: true}}
	rules := make([]Rule, 10)
	for i := range rules {
		if i < 9 {
			rules[i] = Rule{ID: fmt.Sprintf("rule-%d", i), Clauses: []Clause{{Attribute: "country", Op: "in", Values: []any{fmt.Sprintf("X%d", i), fmt.Sprintf("Y%d", i), fmt.Sprintf("Z%d", i)}}}, Serve: ServeVariation(0)}
		} else {
			rules[i] = Rule{ID: "rule-9", Clauses: []Clause{{Attribute: "plan", Op: "in", Values: []any{"enterprise", "team"}}}, Serve: ServeRollout(50000, 50000)}
		}
	}
	return []Flag{
		{Key: "A", Version: 1, Enabled: true, Variations: onOff, Fallthrough: ServeVariation(1)},
		{Key: "B", Version: 1, Enabled: true, Variations: onOff, Fallthrough: ServeRollout(75000, 25000)},
		{Key: "C", Version: 1, Enabled: true, Variations: onOff, Rules: rules, Fallthrough: ServeVariation(0)},
		{
			Key: "D", Version: 1, Enabled: true,
			Variations:  []Variation{{Key: "A", Value: "control"}, {Key: "B", Value: "treatment-b"}, {Key: "C", Value: "treatment-c"}},
			Fallthrough: ServeRollout(33334, 33333, 33333),
			Experiment:  &Experiment{Key: "checkout-test", Running: true},
		},
	}
}

// benchmarkDocument holds the four scenario flags and fillerCount more.
func benchmarkDocument(tb testing.TB, fillerCount int) *Document {
	flags := scenarioFlags()
	onOff := []Variation{{Key: "off", Value: false}, {Key: "on", Value: true}}
	for i := 0; i < fillerCount; i++ {
		fallthroughServe := ServeVariation(0)
		if i%2 == 1 {
			fallthroughServe = ServeRollout(50000, 50000)
		}
		flags = append(flags, Flag{
			Key: fmt.Sprintf("flag-%d", i), Version: 1, Enabled: i%3 != 0, Variations: onOff,
			Rules:       []Rule{{ID: "r", Clauses: []Clause{{Attribute: "plan", Op: "in", Values: []any{"enterprise"}}}, Serve: ServeVariation(1)}},
			Fallthrough: fallthroughServe,
		})
	}
	return mustValidate(tb, documentOf(flags))
}

// rotatingContexts are count distinct contexts, every one matching scenario C's last rule.
func rotatingContexts(count int) []Context {
	contexts := make([]Context, count)
	for i := range contexts {
		plan := "team"
		if i%2 == 0 {
			plan = "enterprise"
		}
		contexts[i] = Context{"key": fmt.Sprintf("user-%d-%d", i, uint32(i)*2654435761), "country": "DE", "plan": plan}
	}
	return contexts
}
