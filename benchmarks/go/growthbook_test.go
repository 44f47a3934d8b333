package benchmarks

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	flagswitch "github.com/flagswitch/flagswitch/packages/sdk-go"
	gb "github.com/growthbook/growthbook-golang"
)

// growthBookSDK is GrowthBook's Go SDK fed the fixture flags as a features JSON payload (no
// API host, no tracking). GrowthBook's per-user object is a child client carrying the
// attributes, so one child per context is made beforehand, as the other SDKs' contexts are.
type growthBookSDK struct {
	client   *gb.Client
	children []*gb.Client
}

func newGrowthBookSDK(tb testing.TB, shared fixtures) growthBookSDK {
	tb.Helper()
	features := map[string]any{}
	for key, flag := range shared.document.Flags {
		feature, err := growthBookFeature(flag)
		if err != nil {
			tb.Fatalf("flag %q cannot be given to GrowthBook: %v", key, err)
		}
		features[key] = feature
	}
	payload, err := json.Marshal(features)
	if err != nil {
		tb.Fatal(err)
	}
	client, err := gb.NewClient(context.Background(), gb.WithJsonFeatures(string(payload)))
	if err != nil {
		tb.Fatalf("GrowthBook client: %v", err)
	}
	if len(client.Features()) != len(features) {
		tb.Fatalf("GrowthBook loaded %d features of %d", len(client.Features()), len(features))
	}
	children := make([]*gb.Client, len(shared.contexts))
	for i, c := range shared.contexts {
		if children[i], err = client.WithAttributes(growthBookAttributes(c)); err != nil {
			tb.Fatal(err)
		}
	}
	return growthBookSDK{client: client, children: children}
}

func growthBookAttributes(c fixtureContext) gb.Attributes {
	return gb.Attributes{"key": c.Key, "country": c.Country, "plan": c.Plan}
}

// growthBookFeature translates a FlagSwitch flag into a GrowthBook feature, the way a
// GrowthBook user would set it up: a fixed serve is a force rule; a two-way rollout outside an
// experiment is a percentage rollout (force with coverage); an experiment or a split of more
// than two variations is an experiment rule. Contexts are hashed by their "key".
func growthBookFeature(flag flagswitch.Flag) (map[string]any, error) {
	if len(flag.Prerequisites) > 0 || len(flag.Targets) > 0 {
		return nil, fmt.Errorf("prerequisites and targets are not translated")
	}
	valueAt := func(index int) (any, error) {
		if index < 0 || index >= len(flag.Variations) {
			return nil, fmt.Errorf("no variation %d", index)
		}
		return flag.Variations[index].Value, nil
	}
	if !flag.Enabled {
		off, err := valueAt(flag.OffVariation)
		return map[string]any{"defaultValue": off}, err
	}
	salt := flag.Salt
	if salt == "" {
		salt = flag.Key
	}
	experiment := flag.Experiment != nil && flag.Experiment.Running
	experimentKey := flag.Key
	if flag.Experiment != nil {
		experimentKey = flag.Experiment.Key
	}
	var rules []map[string]any
	// serveRules adds the rules serving `serve` under `condition` (nil: everybody).
	// restServesFirst says that what follows serves variation 0 anyway, so a two-way rollout
	// needs no rule of its own for variation 0.
	serveRules := func(id string, condition map[string]any, serve flagswitch.Serve, restServesFirst bool) error {
		rule := map[string]any{"id": id}
		if condition != nil {
			rule["condition"] = condition
		}
		switch {
		case serve.Variation != nil:
			value, err := valueAt(*serve.Variation)
			rule["force"] = value
			rules = append(rules, rule)
			return err
		case serve.Rollout == nil:
			return fmt.Errorf("rule %q: a serve without variation or rollout", id)
		}
		by := serve.Rollout.BucketBy
		if by == "" {
			by = "key"
		}
		rule["hashAttribute"], rule["seed"] = by, salt
		weights := serve.Rollout.Weights
		if len(weights) == 2 && !experiment {
			rule["force"], _ = valueAt(1)
			rule["coverage"] = float64(weights[1]) / 100000
			rules = append(rules, rule)
			if !restServesFirst {
				first, _ := valueAt(0)
				rest := map[string]any{"id": id + "-rest", "force": first}
				if condition != nil {
					rest["condition"] = condition
				}
				rules = append(rules, rest)
			}
			return nil
		}
		variations, shares := make([]any, len(weights)), make([]float64, len(weights))
		for i, weight := range weights {
			variations[i], _ = valueAt(i)
			shares[i] = float64(weight) / 100000
		}
		rule["variations"], rule["weights"], rule["key"], rule["coverage"] = variations, shares, experimentKey, 1.0
		rules = append(rules, rule)
		return nil
	}
	fallthroughFirst := flag.Fallthrough.Variation != nil && *flag.Fallthrough.Variation == 0
	for i, rule := range flag.Rules {
		condition, err := growthBookCondition(rule.Clauses)
		if err != nil {
			return nil, fmt.Errorf("rule %q: %w", rule.ID, err)
		}
		if err := serveRules(rule.ID, condition, rule.Serve, i == len(flag.Rules)-1 && fallthroughFirst); err != nil {
			return nil, err
		}
	}
	first, err := valueAt(0)
	if err != nil {
		return nil, err
	}
	defaultValue := first
	if flag.Fallthrough.Variation != nil {
		defaultValue, err = valueAt(*flag.Fallthrough.Variation)
	} else {
		err = serveRules("fallthrough", nil, flag.Fallthrough, true)
	}
	if err != nil {
		return nil, err
	}
	return map[string]any{"defaultValue": defaultValue, "rules": rules}, nil
}

// growthBookCondition is a MongoDB-style condition matching when every clause matches.
func growthBookCondition(clauses []flagswitch.Clause) (map[string]any, error) {
	all := make([]any, len(clauses))
	for i, clause := range clauses {
		if clause.Op != "in" {
			return nil, fmt.Errorf("operator %q is not translated", clause.Op)
		}
		condition := map[string]any{clause.Attribute: map[string]any{"$in": clause.Values}}
		if clause.Negate {
			condition = map[string]any{"$not": condition}
		}
		all[i] = condition
	}
	if len(all) == 1 {
		return all[0].(map[string]any), nil
	}
	return map[string]any{"$and": all}, nil
}
