package flagswitch

import "encoding/json"

// ReasonKind says why an evaluation served what it served.
type ReasonKind string

const (
	ReasonOff                ReasonKind = "OFF"
	ReasonTargetMatch        ReasonKind = "TARGET_MATCH"
	ReasonRuleMatch          ReasonKind = "RULE_MATCH"
	ReasonFallthrough        ReasonKind = "FALLTHROUGH"
	ReasonPrerequisiteFailed ReasonKind = "PREREQUISITE_FAILED"
	ReasonError              ReasonKind = "ERROR"
)

// ErrorKind says which error made an evaluation serve the caller's default.
type ErrorKind string

const (
	ErrorFlagNotFound   ErrorKind = "FLAG_NOT_FOUND"
	ErrorWrongType      ErrorKind = "WRONG_TYPE"
	ErrorMalformedFlag  ErrorKind = "MALFORMED_FLAG"
	ErrorClientNotReady ErrorKind = "CLIENT_NOT_READY" // the client has no document yet; never produced by Evaluate
)

// Reason explains an [EvaluationResult]. RuleID is set on RULE_MATCH, PrerequisiteKey on
// PREREQUISITE_FAILED, ErrorKind on ERROR; InExperiment is true when the variation came from
// the rollout of a running experiment (an exposure is due).
type Reason struct {
	Kind            ReasonKind
	RuleID          string
	ErrorKind       ErrorKind
	PrerequisiteKey string
	InExperiment    bool
}

// EvaluationResult is what one evaluation served.
//
// Value is the variation's JSON value as decoded (bool, float64, string, nil, []any or
// map[string]any), or the caller's default. It may be shared with the document and with other
// results: never modify a map or slice found in it.
type EvaluationResult struct {
	Value any
	// VariationIndex is the served variation's index, or -1 when the caller's default is served.
	VariationIndex int
	// VariationKey is the served variation's key, or "" when the caller's default is served.
	VariationKey string
	Reason       Reason
}

// IsDefault reports whether the caller's default was served (VariationIndex is -1).
func (r EvaluationResult) IsDefault() bool { return r.VariationIndex < 0 }

func errorResult(kind ErrorKind, defaultValue any) EvaluationResult {
	return EvaluationResult{Value: defaultValue, VariationIndex: -1, Reason: Reason{Kind: ReasonError, ErrorKind: kind}}
}

// resultJSON is the wire shape every SDK shares: null index and key for a default, and reason
// fields present only when they apply.
type resultJSON struct {
	Value          any        `json:"value"`
	VariationIndex *int       `json:"variationIndex"`
	VariationKey   *string    `json:"variationKey"`
	Reason         reasonJSON `json:"reason"`
}

type reasonJSON struct {
	Kind            ReasonKind `json:"kind"`
	RuleID          string     `json:"ruleId,omitempty"`
	ErrorKind       ErrorKind  `json:"errorKind,omitempty"`
	PrerequisiteKey string     `json:"prerequisiteKey,omitempty"`
	InExperiment    bool       `json:"inExperiment,omitempty"`
}

// MarshalJSON writes the result as the TypeScript core returns it:
// {"value", "variationIndex", "variationKey", "reason": {"kind", …}}.
func (r EvaluationResult) MarshalJSON() ([]byte, error) {
	out := resultJSON{Value: r.Value, Reason: reasonJSON(r.Reason)}
	if r.VariationIndex >= 0 {
		index, key := r.VariationIndex, r.VariationKey
		out.VariationIndex, out.VariationKey = &index, &key
	}
	return json.Marshal(out)
}

// UnmarshalJSON reads the shape MarshalJSON writes.
func (r *EvaluationResult) UnmarshalJSON(data []byte) error {
	var in resultJSON
	if err := json.Unmarshal(data, &in); err != nil {
		return err
	}
	*r = EvaluationResult{Value: in.Value, VariationIndex: -1, Reason: Reason(in.Reason)}
	if in.VariationIndex != nil {
		r.VariationIndex = *in.VariationIndex
	}
	if in.VariationKey != nil {
		r.VariationKey = *in.VariationKey
	}
	return nil
}
