package ofprovider

import (
	"context"
	"math"

	flagswitch "github.com/flagswitch/flagswitch/packages/sdk-go"
	"github.com/open-feature/go-sdk/openfeature"
)

// BooleanEvaluation resolves a boolean flag.
func (p *Provider) BooleanEvaluation(_ context.Context, flag string, defaultValue bool, flat openfeature.FlattenedContext) openfeature.BoolResolutionDetail {
	value, detail := resolveTyped(p, flag, defaultValue, flat)
	return openfeature.BoolResolutionDetail{Value: value, ProviderResolutionDetail: detail}
}

// StringEvaluation resolves a string flag.
func (p *Provider) StringEvaluation(_ context.Context, flag string, defaultValue string, flat openfeature.FlattenedContext) openfeature.StringResolutionDetail {
	value, detail := resolveTyped(p, flag, defaultValue, flat)
	return openfeature.StringResolutionDetail{Value: value, ProviderResolutionDetail: detail}
}

// FloatEvaluation resolves a number flag.
func (p *Provider) FloatEvaluation(_ context.Context, flag string, defaultValue float64, flat openfeature.FlattenedContext) openfeature.FloatResolutionDetail {
	value, detail := resolveTyped(p, flag, defaultValue, flat)
	return openfeature.FloatResolutionDetail{Value: value, ProviderResolutionDetail: detail}
}

// IntEvaluation resolves a number flag whose value is a whole number.
func (p *Provider) IntEvaluation(_ context.Context, flag string, defaultValue int64, flat openfeature.FlattenedContext) openfeature.IntResolutionDetail {
	result := p.client.VariationDetail(flag, contextOf(flat), defaultValue)
	if result.IsDefault() {
		return openfeature.IntResolutionDetail{Value: defaultValue, ProviderResolutionDetail: resolution(result)}
	}
	number, _ := result.Value.(float64)
	if number != math.Trunc(number) || math.Abs(number) > 1<<53 {
		return openfeature.IntResolutionDetail{Value: defaultValue, ProviderResolutionDetail: openfeature.ProviderResolutionDetail{
			ResolutionError: openfeature.NewTypeMismatchResolutionError("flag " + flag + " is not a whole number"),
			Reason:          openfeature.ErrorReason,
		}}
	}
	return openfeature.IntResolutionDetail{Value: int64(number), ProviderResolutionDetail: resolution(result)}
}

// ObjectEvaluation resolves a flag of any JSON type; maps and slices are copies.
func (p *Provider) ObjectEvaluation(_ context.Context, flag string, defaultValue any, flat openfeature.FlattenedContext) openfeature.InterfaceResolutionDetail {
	result := p.client.VariationDetail(flag, contextOf(flat), nil)
	value := copyValue(result.Value)
	if result.IsDefault() {
		value = defaultValue
	}
	return openfeature.InterfaceResolutionDetail{Value: value, ProviderResolutionDetail: resolution(result)}
}

// resolveTyped is the shared body of the boolean, string and float resolutions: the caller's
// default stands in whenever the client serves a default.
func resolveTyped[T bool | string | float64](p *Provider, flag string, defaultValue T, flat openfeature.FlattenedContext) (T, openfeature.ProviderResolutionDetail) {
	result := p.client.VariationDetail(flag, contextOf(flat), defaultValue)
	value, _ := result.Value.(T)
	if result.IsDefault() {
		value = defaultValue
	}
	return value, resolution(result)
}

// contextOf turns an OpenFeature context into a FlagSwitch one: the targeting key is the
// context's "key".
func contextOf(flat openfeature.FlattenedContext) flagswitch.Context {
	ctx := make(flagswitch.Context, len(flat))
	for name, value := range flat {
		if name != openfeature.TargetingKey {
			ctx[name] = value
		}
	}
	if key, ok := flat[openfeature.TargetingKey].(string); ok && key != "" {
		ctx["key"] = key
	}
	return ctx
}

// resolution maps a FlagSwitch result onto OpenFeature's reasons and error codes.
func resolution(result flagswitch.EvaluationResult) openfeature.ProviderResolutionDetail {
	detail := openfeature.ProviderResolutionDetail{Variant: result.VariationKey, FlagMetadata: openfeature.FlagMetadata{}}
	reason := result.Reason
	if reason.RuleID != "" {
		detail.FlagMetadata["ruleId"] = reason.RuleID
	}
	if reason.InExperiment {
		detail.FlagMetadata["inExperiment"] = true
	}
	switch reason.Kind {
	case flagswitch.ReasonOff:
		detail.Reason = openfeature.DisabledReason
	case flagswitch.ReasonTargetMatch, flagswitch.ReasonRuleMatch:
		detail.Reason = openfeature.TargetingMatchReason
	case flagswitch.ReasonFallthrough:
		detail.Reason = openfeature.DefaultReason
	case flagswitch.ReasonPrerequisiteFailed:
		detail.Reason = openfeature.Reason(flagswitch.ReasonPrerequisiteFailed)
		detail.FlagMetadata["prerequisiteKey"] = reason.PrerequisiteKey
	case flagswitch.ReasonError:
		detail.Reason = openfeature.ErrorReason
		detail.ResolutionError = resolutionError(reason.ErrorKind)
	}
	if reason.InExperiment {
		detail.Reason = openfeature.SplitReason
	}
	return detail
}

func resolutionError(kind flagswitch.ErrorKind) openfeature.ResolutionError {
	switch kind {
	case flagswitch.ErrorFlagNotFound:
		return openfeature.NewFlagNotFoundResolutionError("flag not found")
	case flagswitch.ErrorWrongType:
		return openfeature.NewTypeMismatchResolutionError("the flag's value is not of the requested type")
	case flagswitch.ErrorClientNotReady:
		return openfeature.NewProviderNotReadyResolutionError("no flag document yet")
	}
	return openfeature.NewParseErrorResolutionError("the flag is malformed")
}

// copyValue deep-copies the maps and slices of a JSON value.
func copyValue(value any) any {
	switch v := value.(type) {
	case map[string]any:
		copied := make(map[string]any, len(v))
		for key, item := range v {
			copied[key] = copyValue(item)
		}
		return copied
	case []any:
		copied := make([]any, len(v))
		for i, item := range v {
			copied[i] = copyValue(item)
		}
		return copied
	}
	return value
}
