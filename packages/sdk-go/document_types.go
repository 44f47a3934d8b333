package flagswitch

import "encoding/json"

// Typed form of the flag document (schema version 1), for building documents in Go — a
// bootstrap document, a test fixture — and for reading one with encoding/json. Pass a
// FlagDocument to [ValidateDocument] (or [WithBootstrap]) to compile it.

// FlagDocument is one environment's flags and segments.
type FlagDocument struct {
	SchemaVersion int                `json:"schemaVersion"`
	Environment   string             `json:"environment"`
	Version       int64              `json:"version"`
	Flags         map[string]Flag    `json:"flags"`
	Segments      map[string]Segment `json:"segments"`
}

// MarshalJSON writes schema version 1 when SchemaVersion is 0, and no flags or segments as {}.
func (d FlagDocument) MarshalJSON() ([]byte, error) {
	type plain FlagDocument
	if d.SchemaVersion == 0 {
		d.SchemaVersion = 1
	}
	if d.Flags == nil {
		d.Flags = map[string]Flag{}
	}
	if d.Segments == nil {
		d.Segments = map[string]Segment{}
	}
	return json.Marshal(plain(d))
}

// Flag is one feature flag; see docs/evaluation.md for what each field does.
type Flag struct {
	Key           string         `json:"key"`
	Version       int64          `json:"version"`
	Enabled       bool           `json:"enabled"`
	Variations    []Variation    `json:"variations"`
	OffVariation  int            `json:"offVariation"`
	Prerequisites []Prerequisite `json:"prerequisites,omitempty"`
	Targets       []Target       `json:"targets,omitempty"`
	Rules         []Rule         `json:"rules,omitempty"`
	Fallthrough   Serve          `json:"fallthrough"`
	Salt          string         `json:"salt,omitempty"`
	Experiment    *Experiment    `json:"experiment,omitempty"`
	ClientSide    bool           `json:"clientSide,omitempty"`
}

// Variation is one value a flag can serve.
type Variation struct {
	Key   string `json:"key"`
	Value any    `json:"value"`
}

// Serve is a fixed variation (Variation set) or a rollout (Rollout set); see [ServeVariation]
// and [ServeRollout].
type Serve struct {
	Variation *int     `json:"variation,omitempty"`
	Rollout   *Rollout `json:"rollout,omitempty"`
}

// ServeVariation serves the variation at index.
func ServeVariation(index int) Serve { return Serve{Variation: &index} }

// ServeRollout splits contexts by bucket: one weight per variation, in thousandths of a
// percent (25000 = 25 %), summing to 100000, bucketed by the context's key.
func ServeRollout(weights ...int) Serve { return Serve{Rollout: &Rollout{Weights: weights}} }

// Rollout splits contexts between variations by the bucket of their BucketBy attribute
// ("key" when empty).
type Rollout struct {
	BucketBy string `json:"bucketBy,omitempty"`
	Weights  []int  `json:"weights"`
}

// Rule serves Serve to contexts matching every clause (a rule without clauses matches all).
type Rule struct {
	ID      string   `json:"id"`
	Clauses []Clause `json:"clauses"`
	Serve   Serve    `json:"serve"`
}

// MarshalJSON writes no clauses as [] (the schema requires an array, never null).
func (r Rule) MarshalJSON() ([]byte, error) {
	type plain Rule
	if r.Clauses == nil {
		r.Clauses = []Clause{}
	}
	return json.Marshal(plain(r))
}

// Clause tests one context attribute with an operator ("in", "startsWith", "matches", "lt",
// "semverGt", "before", "exists", "inSegment"…).
type Clause struct {
	Attribute string `json:"attribute"`
	Op        string `json:"op"`
	Values    []any  `json:"values"`
	Negate    bool   `json:"negate,omitempty"`
}

// MarshalJSON writes no values as [] (the schema requires an array, never null).
func (c Clause) MarshalJSON() ([]byte, error) {
	type plain Clause
	if c.Values == nil {
		c.Values = []any{}
	}
	return json.Marshal(plain(c))
}

// Target serves a variation to the listed context keys.
type Target struct {
	Variation int      `json:"variation"`
	Values    []string `json:"values"`
}

// Prerequisite requires flag Flag to serve the variation keyed Variation.
type Prerequisite struct {
	Flag      string `json:"flag"`
	Variation string `json:"variation"`
}

// Experiment marks a flag's rollouts as an experiment: while Running, contexts served by a
// rollout are exposed.
type Experiment struct {
	Key     string `json:"key"`
	Running bool   `json:"running"`
}

// Segment is a reusable set of contexts: Included keys, minus Excluded keys, plus contexts
// matching any rule.
type Segment struct {
	Key      string        `json:"key"`
	Version  int64         `json:"version"`
	Included []string      `json:"included,omitempty"`
	Excluded []string      `json:"excluded,omitempty"`
	Rules    []SegmentRule `json:"rules,omitempty"`
}

// SegmentRule matches contexts matching every clause.
type SegmentRule struct {
	Clauses []Clause `json:"clauses"`
}

// MarshalJSON writes no clauses as [] (the schema requires an array, never null).
func (r SegmentRule) MarshalJSON() ([]byte, error) {
	type plain SegmentRule
	if r.Clauses == nil {
		r.Clauses = []Clause{}
	}
	return json.Marshal(plain(r))
}
