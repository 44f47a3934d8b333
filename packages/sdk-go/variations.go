package flagswitch

import "time"

// BoolVariation returns the flag's boolean value for ctx, or defaultValue when the flag is
// unknown, malformed, not a boolean, or no document has arrived yet. It allocates nothing
// unless it records an experiment exposure.
func (c *Client) BoolVariation(flagKey string, ctx Context, defaultValue bool) bool {
	result, doc, ok := c.evaluate(flagKey, ctx)
	value, isBool := result.Value.(bool)
	if !ok || !isBool {
		return defaultValue
	}
	c.exposeIfInExperiment(doc, flagKey, result, ctx)
	return value
}

// StringVariation returns the flag's string value for ctx, or defaultValue.
func (c *Client) StringVariation(flagKey string, ctx Context, defaultValue string) string {
	result, doc, ok := c.evaluate(flagKey, ctx)
	value, isString := result.Value.(string)
	if !ok || !isString {
		return defaultValue
	}
	c.exposeIfInExperiment(doc, flagKey, result, ctx)
	return value
}

// Float64Variation returns the flag's number value for ctx, or defaultValue.
func (c *Client) Float64Variation(flagKey string, ctx Context, defaultValue float64) float64 {
	result, doc, ok := c.evaluate(flagKey, ctx)
	value, isNumber := numberValue(result.Value)
	if !ok || !isNumber {
		return defaultValue
	}
	c.exposeIfInExperiment(doc, flagKey, result, ctx)
	return value
}

// JSONVariation returns the flag's value, of any JSON type, for ctx, or defaultValue. Maps and
// slices are copies: the caller may modify them.
func (c *Client) JSONVariation(flagKey string, ctx Context, defaultValue any) any {
	result, doc, ok := c.evaluate(flagKey, ctx)
	if !ok {
		return defaultValue
	}
	c.exposeIfInExperiment(doc, flagKey, result, ctx)
	return copyValue(result.Value)
}

// VariationDetail evaluates like [Evaluate] — the value with its variation and the reason —
// against the client's document; before any document it serves defaultValue with
// ERROR / CLIENT_NOT_READY. The Value is shared with the document: do not modify it.
func (c *Client) VariationDetail(flagKey string, ctx Context, defaultValue any) EvaluationResult {
	if c == nil || c.store.document() == nil {
		return errorResult(ErrorClientNotReady, defaultValue)
	}
	doc := c.store.document()
	result := Evaluate(doc, flagKey, ctx, defaultValue)
	if !result.IsDefault() {
		c.exposeIfInExperiment(doc, flagKey, result, ctx)
	}
	return result
}

// AllFlags returns the value of every flag for ctx (copies, keyed by flag key), leaving out
// flags that fail to evaluate. It records no exposures: it serves bulk uses such as handing a
// page its flags, not a decision seen by the user.
func (c *Client) AllFlags(ctx Context) map[string]any {
	values := map[string]any{}
	if c == nil {
		return values
	}
	doc := c.store.document()
	if doc == nil {
		return values
	}
	for key := range doc.flags {
		if result, ok := doc.evaluateKey(key, ctx); ok {
			values[key] = copyValue(result.Value)
		}
	}
	return values
}

// Track records a conversion of eventKey (such as "checkout-completed") by the context, for
// experiment results. The context needs a string "key".
func (c *Client) Track(eventKey string, ctx Context) {
	c.track(eventKey, ctx, nil)
}

// TrackValue records a conversion with a value (such as an order total).
func (c *Client) TrackValue(eventKey string, ctx Context, value float64) {
	c.track(eventKey, ctx, &value)
}

func (c *Client) track(eventKey string, ctx Context, value *float64) {
	if c == nil || c.events == nil {
		return
	}
	contextKey, ok := contextKey(ctx)
	if !ok {
		c.config.logger.Warn("flagswitch: conversion not tracked: the context has no string key", "event", eventKey)
		return
	}
	c.events.conversion(conversionEvent(eventKey, contextKey, value, time.Now().UnixMilli()))
}

// evaluate evaluates without a default: ok is false when the caller's default must be served.
// It returns the document it used, which an exposure must describe.
func (c *Client) evaluate(flagKey string, ctx Context) (EvaluationResult, *Document, bool) {
	if c == nil {
		return EvaluationResult{}, nil, false
	}
	doc := c.store.document()
	if doc == nil {
		return EvaluationResult{}, nil, false
	}
	result, ok := doc.evaluateKey(flagKey, ctx)
	return result, doc, ok
}

// exposeIfInExperiment records an exposure when the served variation came from a running
// experiment's rollout.
func (c *Client) exposeIfInExperiment(doc *Document, flagKey string, result EvaluationResult, ctx Context) {
	if !result.Reason.InExperiment || c.events == nil {
		return
	}
	contextKey, ok := contextKey(ctx)
	flag := doc.flags[flagKey]
	if !ok || flag == nil {
		return // an exposure needs a context key to be counted
	}
	c.events.exposure(exposureEvent(flagKey, flag.version, result.VariationKey, flag.experiment, contextKey, time.Now().UnixMilli()))
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
