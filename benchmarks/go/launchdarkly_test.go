package benchmarks

import (
	"fmt"
	"testing"
	"time"

	flagswitch "github.com/flagswitch/flagswitch/packages/sdk-go"
	"github.com/launchdarkly/go-sdk-common/v3/ldattr"
	"github.com/launchdarkly/go-sdk-common/v3/ldcontext"
	"github.com/launchdarkly/go-sdk-common/v3/ldvalue"
	"github.com/launchdarkly/go-server-sdk-evaluation/v3/ldbuilders"
	"github.com/launchdarkly/go-server-sdk-evaluation/v3/ldmodel"
	ld "github.com/launchdarkly/go-server-sdk/v7"
	"github.com/launchdarkly/go-server-sdk/v7/ldcomponents"
	"github.com/launchdarkly/go-server-sdk/v7/testhelpers/ldtestdata"
)

// launchDarklySDK is LaunchDarkly's server-side Go SDK fed the fixture flags through its
// test-data source: no connection to LaunchDarkly, no events, flags in LaunchDarkly's own
// (preprocessed) data model.
type launchDarklySDK struct {
	client   *ld.LDClient
	contexts []ldcontext.Context
}

func newLaunchDarklySDK(tb testing.TB, shared fixtures) launchDarklySDK {
	tb.Helper()
	data := ldtestdata.DataSource()
	for key, flag := range shared.document.Flags {
		translated, err := launchDarklyFlag(flag)
		if err != nil {
			tb.Fatalf("flag %q cannot be given to LaunchDarkly: %v", key, err)
		}
		data.UsePreconfiguredFlag(translated)
	}
	client, err := ld.MakeCustomClient("benchmark-sdk-key", ld.Config{
		DataSource:       data,
		Events:           ldcomponents.NoEvents(),
		Logging:          ldcomponents.NoLogging(),
		DiagnosticOptOut: true,
	}, 5*time.Second)
	if err != nil {
		tb.Fatalf("LaunchDarkly client: %v", err)
	}
	contexts := make([]ldcontext.Context, len(shared.contexts))
	for i, c := range shared.contexts {
		contexts[i] = ldcontext.NewBuilder(c.Key).SetString("country", c.Country).SetString("plan", c.Plan).Build()
	}
	return launchDarklySDK{client: client, contexts: contexts}
}

// launchDarklyFlag translates a FlagSwitch flag into LaunchDarkly's model, for the parts the
// fixtures use: variations, on/off, `in` clauses, variation and rollout serves, experiments.
// Weights are in the same unit (0.001 %) in both.
func launchDarklyFlag(flag flagswitch.Flag) (ldmodel.FeatureFlag, error) {
	if len(flag.Prerequisites) > 0 || len(flag.Targets) > 0 {
		return ldmodel.FeatureFlag{}, fmt.Errorf("prerequisites and targets are not translated")
	}
	values := make([]ldvalue.Value, len(flag.Variations))
	for i, variation := range flag.Variations {
		values[i] = ldvalue.CopyArbitraryValue(variation.Value)
	}
	salt := flag.Salt
	if salt == "" {
		salt = flag.Key
	}
	experiment := flag.Experiment != nil && flag.Experiment.Running
	builder := ldbuilders.NewFlagBuilder(flag.Key).Version(int(flag.Version)).On(flag.Enabled).
		Variations(values...).OffVariation(flag.OffVariation).Salt(salt)
	for _, rule := range flag.Rules {
		clauses := make([]ldmodel.Clause, len(rule.Clauses))
		for i, clause := range rule.Clauses {
			if clause.Op != "in" {
				return ldmodel.FeatureFlag{}, fmt.Errorf("rule %q: operator %q is not translated", rule.ID, clause.Op)
			}
			clauseValues := make([]ldvalue.Value, len(clause.Values))
			for j, value := range clause.Values {
				clauseValues[j] = ldvalue.CopyArbitraryValue(value)
			}
			clauses[i] = ldbuilders.ClauseRef(ldattr.NewLiteralRef(clause.Attribute), ldmodel.OperatorIn, clauseValues...)
			clauses[i].Negate = clause.Negate
		}
		serve, err := launchDarklyServe(rule.Serve, experiment)
		if err != nil {
			return ldmodel.FeatureFlag{}, fmt.Errorf("rule %q: %w", rule.ID, err)
		}
		builder.AddRule(ldbuilders.NewRuleBuilder().ID(rule.ID).Clauses(clauses...).VariationOrRollout(serve))
	}
	serve, err := launchDarklyServe(flag.Fallthrough, experiment)
	if err != nil {
		return ldmodel.FeatureFlag{}, fmt.Errorf("fallthrough: %w", err)
	}
	return builder.Fallthrough(serve).Build(), nil
}

func launchDarklyServe(serve flagswitch.Serve, experiment bool) (ldmodel.VariationOrRollout, error) {
	switch {
	case serve.Variation != nil:
		return ldbuilders.Variation(*serve.Variation), nil
	case serve.Rollout == nil:
		return ldmodel.VariationOrRollout{}, fmt.Errorf("a serve without variation or rollout")
	}
	buckets := make([]ldmodel.WeightedVariation, len(serve.Rollout.Weights))
	for i, weight := range serve.Rollout.Weights {
		buckets[i] = ldbuilders.Bucket(i, weight)
	}
	rollout := ldbuilders.Rollout(buckets...)
	if experiment {
		rollout = ldbuilders.Experiment(ldvalue.OptionalInt{}, buckets...)
	}
	if by := serve.Rollout.BucketBy; by != "" && by != "key" {
		rollout.Rollout.BucketBy = ldattr.NewLiteralRef(by)
	}
	return rollout, nil
}
