package benchmarks

import (
	"context"
	"testing"

	flagswitch "github.com/flagswitch/flagswitch/packages/sdk-go"
)

// Scenarios A–D (benchmarks/fixtures.mjs), each SDK through the call an application makes:
// BoolVariation / StringVariation, or EvalFeature for GrowthBook. Every iteration evaluates
// for the next of the 10,000 contexts. "FlagSwitchEvaluate" is the pure evaluation layer
// (flagswitch.Evaluate on the compiled document), without the client around it.

var sink int // keeps results observable

func BenchmarkA_BooleanFlag(b *testing.B)   { benchmarkBoolean(b, "A") }
func BenchmarkB_Rollout25(b *testing.B)     { benchmarkBoolean(b, "B") }
func BenchmarkC_TenRulesSplit(b *testing.B) { benchmarkBoolean(b, "C") }

func BenchmarkD_ABCExperiment(b *testing.B) {
	s := allSDKs(b)
	ctx := context.Background()
	b.Run("FlagSwitch", func(b *testing.B) {
		contexts := s.flagSwitch.contexts
		b.ReportAllocs()
		defer reportCPUTime(b)()
		for i := 0; i < b.N; i++ {
			sink += len(s.flagSwitch.client.StringVariation("D", contexts[i%len(contexts)], "control"))
		}
	})
	b.Run("FlagSwitchEvaluate", func(b *testing.B) {
		contexts := s.flagSwitch.contexts
		b.ReportAllocs()
		defer reportCPUTime(b)()
		for i := 0; i < b.N; i++ {
			sink += flagswitch.Evaluate(s.flagSwitch.document, "D", contexts[i%len(contexts)], "control").VariationIndex
		}
	})
	b.Run("LaunchDarkly", func(b *testing.B) {
		contexts := s.launchDarkly.contexts
		b.ReportAllocs()
		defer reportCPUTime(b)()
		for i := 0; i < b.N; i++ {
			value, err := s.launchDarkly.client.StringVariation("D", contexts[i%len(contexts)], "control")
			if err != nil {
				b.Fatal(err)
			}
			sink += len(value)
		}
	})
	b.Run("GrowthBook", func(b *testing.B) {
		children := s.growthBook.children
		b.ReportAllocs()
		defer reportCPUTime(b)()
		for i := 0; i < b.N; i++ {
			value, _ := children[i%len(children)].EvalFeature(ctx, "D").Value.(string)
			sink += len(value)
		}
	})
}

func benchmarkBoolean(b *testing.B, flagKey string) {
	s := allSDKs(b)
	ctx := context.Background()
	b.Run("FlagSwitch", func(b *testing.B) {
		contexts := s.flagSwitch.contexts
		b.ReportAllocs()
		defer reportCPUTime(b)()
		for i := 0; i < b.N; i++ {
			if s.flagSwitch.client.BoolVariation(flagKey, contexts[i%len(contexts)], false) {
				sink++
			}
		}
	})
	b.Run("FlagSwitchEvaluate", func(b *testing.B) {
		contexts := s.flagSwitch.contexts
		b.ReportAllocs()
		defer reportCPUTime(b)()
		for i := 0; i < b.N; i++ {
			sink += flagswitch.Evaluate(s.flagSwitch.document, flagKey, contexts[i%len(contexts)], false).VariationIndex
		}
	})
	b.Run("LaunchDarkly", func(b *testing.B) {
		contexts := s.launchDarkly.contexts
		b.ReportAllocs()
		defer reportCPUTime(b)()
		for i := 0; i < b.N; i++ {
			value, err := s.launchDarkly.client.BoolVariation(flagKey, contexts[i%len(contexts)], false)
			if err != nil {
				b.Fatal(err)
			}
			if value {
				sink++
			}
		}
	})
	b.Run("GrowthBook", func(b *testing.B) {
		children := s.growthBook.children
		b.ReportAllocs()
		defer reportCPUTime(b)()
		for i := 0; i < b.N; i++ {
			if children[i%len(children)].EvalFeature(ctx, flagKey).On {
				sink++
			}
		}
	})
}
