package benchmarks

import (
	"context"
	"fmt"
	"math"
	"testing"

	flagswitch "github.com/flagswitch/flagswitch/packages/sdk-go"
	"github.com/launchdarkly/go-sdk-common/v3/ldvalue"
)

// The benchmarks compare like with like only if every SDK serves the same flags: a
// mistranslated flag that serves a default would make an SDK look fast for nothing. These
// tests run before the benchmarks (npm run bench:go runs both).

// values evaluates flagKey for context i in each SDK, as plain JSON values.
func (s *sdks) values(flagKey string, i int) (flagSwitch, launchDarkly, growthBook any) {
	flagSwitch = s.flagSwitch.client.JSONVariation(flagKey, s.flagSwitch.contexts[i], nil)
	value, _ := s.launchDarkly.client.JSONVariation(flagKey, s.launchDarkly.contexts[i], ldvalue.Null())
	launchDarkly = value.AsArbitraryValue()
	growthBook = any(s.growthBook.children[i].EvalFeature(context.Background(), flagKey).Value)
	return flagSwitch, launchDarkly, growthBook
}

// Wherever FlagSwitch serves without a rollout (flag off, a fixed rule or fallthrough), the
// others must serve exactly the same value: every flag of the document, 300 contexts.
func TestEverySDKServesTheSameFixedValues(t *testing.T) {
	s := allSDKs(t)
	shared := sharedFixtures(t)
	compared := 0
	for key, flag := range shared.document.Flags {
		for i := range 300 {
			result := flagswitch.Evaluate(s.flagSwitch.document, key, s.flagSwitch.contexts[i], nil)
			if result.IsDefault() {
				t.Fatalf("FlagSwitch serves the default for %q: %+v", key, result.Reason)
			}
			if servedByRollout(flag, result.Reason) {
				continue
			}
			flagSwitch, launchDarkly, growthBook := s.values(key, i)
			if launchDarkly != flagSwitch || growthBook != flagSwitch {
				t.Fatalf("flag %q, context %d: FlagSwitch %v (%s), LaunchDarkly %v, GrowthBook %v",
					key, i, flagSwitch, result.Reason.Kind, launchDarkly, growthBook)
			}
			compared++
		}
	}
	if compared < 100_000 {
		t.Fatalf("only %d fixed evaluations compared", compared)
	}
}

func servedByRollout(flag flagswitch.Flag, reason flagswitch.Reason) bool {
	switch reason.Kind {
	case flagswitch.ReasonFallthrough:
		return flag.Fallthrough.Rollout != nil
	case flagswitch.ReasonRuleMatch:
		for _, rule := range flag.Rules {
			if rule.ID == reason.RuleID {
				return rule.Serve.Rollout != nil
			}
		}
	}
	return false
}

// Where a rollout decides, each SDK hashes its own way, so contexts land differently; but over
// the 10,000 contexts each must split as the weights say (within 2 points; one standard
// deviation is under half a point).
func TestEverySDKSplitsTheRolloutsAsWeighted(t *testing.T) {
	s := allSDKs(t)
	scenarios := []struct {
		flagKey string
		shares  map[any]float64
	}{
		{"A", map[any]float64{true: 1}},
		{"B", map[any]float64{true: 0.25, false: 0.75}},
		{"C", map[any]float64{true: 0.5, false: 0.5}},
		{"D", map[any]float64{"control": 0.33334, "treatment-b": 0.33333, "treatment-c": 0.33333}},
	}
	for _, scenario := range scenarios {
		counts := map[string]map[any]int{"FlagSwitch": {}, "LaunchDarkly": {}, "GrowthBook": {}}
		for i := range s.flagSwitch.contexts {
			flagSwitch, launchDarkly, growthBook := s.values(scenario.flagKey, i)
			counts["FlagSwitch"][flagSwitch]++
			counts["LaunchDarkly"][launchDarkly]++
			counts["GrowthBook"][growthBook]++
		}
		for sdk, served := range counts {
			total := 0
			for value, count := range served {
				if _, expected := scenario.shares[value]; !expected {
					t.Errorf("scenario %s, %s served %v (%d times), which the flag does not serve", scenario.flagKey, sdk, value, count)
				}
				total += count
			}
			for value, share := range scenario.shares {
				if got := float64(served[value]) / float64(total); math.Abs(got-share) > 0.02 {
					t.Errorf("scenario %s, %s served %v to %.1f %% of contexts, want %.1f %%", scenario.flagKey, sdk, value, got*100, share*100)
				}
			}
			t.Logf("scenario %s, %-12s %s", scenario.flagKey, sdk, fmt.Sprint(served))
		}
	}
}
