package flagswitch

// Evaluation, in the order docs/evaluation.md fixes: off, prerequisites, targets, rules,
// fallthrough. It never panics: anything malformed it meets yields the caller's default with
// ERROR / MALFORMED_FLAG, reported by an ok=false return travelling up the recursion.

// Evaluate evaluates flagKey for ctx in doc and returns what is served.
//
// doc should come from [ValidateDocument], which compiled it once; [Unvalidated] wraps a raw
// document for evaluating hand-made JSON. A nil doc has no flags.
//
// defaultValue is served when the flag is unknown or malformed. When it is a bool, a string or
// a number, the served value must have that same JSON type, otherwise defaultValue is served
// with ERROR / WRONG_TYPE; nil, maps and slices accept any value.
//
//	result := flagswitch.Evaluate(doc, "new-checkout", flagswitch.Context{"key": "user-42"}, false)
//	if result.Value == true { /* … */ }
func Evaluate(doc *Document, flagKey string, ctx Context, defaultValue any) EvaluationResult {
	result, ok := doc.evaluateKey(flagKey, ctx)
	switch {
	case !ok:
		return errorResult(result.Reason.ErrorKind, defaultValue)
	case !acceptsValue(defaultValue, result.Value):
		return errorResult(ErrorWrongType, defaultValue)
	}
	return result
}

// EvaluateAll evaluates every flag of doc for ctx, without defaults (a failed flag's Value is
// nil), keyed by flag key.
func EvaluateAll(doc *Document, ctx Context) map[string]EvaluationResult {
	if doc == nil {
		return map[string]EvaluationResult{}
	}
	results := make(map[string]EvaluationResult, len(doc.flags))
	for key := range doc.flags {
		results[key] = Evaluate(doc, key, ctx, nil)
	}
	return results
}

// evaluateKey evaluates one flag. When ok is false the result carries only the ErrorKind.
func (d *Document) evaluateKey(flagKey string, ctx Context) (EvaluationResult, bool) {
	if d == nil {
		return errorResult(ErrorFlagNotFound, nil), false
	}
	flag, known := d.flags[flagKey]
	if !known {
		return errorResult(ErrorFlagNotFound, nil), false
	}
	if flag == nil {
		return errorResult(ErrorMalformedFlag, nil), false
	}
	result, ok := d.evaluateFlag(flag, ctx, nil)
	if !ok {
		return errorResult(ErrorMalformedFlag, nil), false
	}
	return result, true
}

// acceptsValue reports whether value may be served for a caller whose default is
// defaultValue: a bool, string or number default demands the same JSON type.
func acceptsValue(defaultValue, value any) bool {
	switch defaultValue.(type) {
	case bool:
		_, ok := value.(bool)
		return ok
	case string:
		_, ok := value.(string)
		return ok
	}
	if isNumber(defaultValue) {
		return isNumber(value)
	}
	return true
}

// evaluateFlag evaluates a compiled flag; dependents are the flags whose prerequisite
// evaluation led here (to tell a cycle from a long chain).
func (d *Document) evaluateFlag(flag *compiledFlag, ctx Context, dependents []string) (EvaluationResult, bool) {
	if !flag.enabled {
		return flag.off, true
	}
	if len(flag.prereqs) > 0 {
		if dependents == nil {
			var stack [8]string
			dependents = stack[:0]
		}
		chain := append(dependents, flag.key)
		for i := range flag.prereqs {
			prerequisite := &flag.prereqs[i]
			if containsKey(chain, prerequisite.flagKey) {
				return EvaluationResult{}, false // a prerequisite cycle
			}
			required, known := d.flags[prerequisite.flagKey]
			if !known {
				return prerequisite.failed, true
			}
			if required == nil {
				return EvaluationResult{}, false
			}
			served, ok := d.evaluateFlag(required, ctx, chain)
			if !ok {
				return EvaluationResult{}, false
			}
			if !required.enabled || served.VariationKey != prerequisite.variationKey {
				return prerequisite.failed, true
			}
		}
	}

	if len(flag.targets) > 0 {
		if key, ok := contextKey(ctx); ok {
			if targeted, ok := flag.targets[key]; ok {
				return targeted, true
			}
		}
	}

	for i := range flag.rules {
		rule := &flag.rules[i]
		matched, ok := d.allMatch(rule.clauses, ctx, nil)
		if !ok {
			return EvaluationResult{}, false
		}
		if matched {
			return serve(&rule.serve, flag, ctx)
		}
	}
	return serve(&flag.fallthroughServe, flag, ctx)
}

func serve(served *compiledServe, flag *compiledFlag, ctx Context) (EvaluationResult, bool) {
	if !served.rollout {
		return served.fixed, true
	}
	bucket, ok := bucketOf(flag.saltPrefix, ctx[served.bucketBy])
	if !ok {
		return served.notApplied, true
	}
	for i, threshold := range served.thresholds {
		if bucket < threshold {
			return served.results[i], true
		}
	}
	return EvaluationResult{}, false // weights that do not cover every bucket
}

func (d *Document) allMatch(clauses []compiledClause, ctx Context, segments []string) (bool, bool) {
	for i := range clauses {
		matched, ok := d.clauseMatches(&clauses[i], ctx, segments)
		if !ok || !matched {
			return false, ok
		}
	}
	return true, true
}

// clauseMatches applies one clause; segments are the segments whose rules led here.
func (d *Document) clauseMatches(clause *compiledClause, ctx Context, segments []string) (bool, bool) {
	matched := false
	switch clause.kind {
	case clauseSegment:
		for _, key := range clause.segmentKeys {
			in, ok := d.inSegment(key, ctx, segments)
			if !ok {
				return false, false
			}
			if in {
				matched = true
				break
			}
		}
	case clauseExists:
		matched = ctx[clause.attribute] != nil
	default:
		switch value := ctx[clause.attribute].(type) {
		case nil:
		case string:
			matched = clause.matcher.match(scalar{kind: scalarString, text: value})
		case bool:
			matched = clause.matcher.match(scalar{kind: scalarBool, flag: value})
		case float64:
			matched = clause.matcher.match(scalarOf(value))
		default:
			var isList bool
			if matched, isList = anyElement(value, clause.matcher); !isList {
				matched = clause.matcher.match(scalarOf(value))
			}
		}
	}
	return matched != clause.negate, true
}

func (d *Document) inSegment(segmentKey string, ctx Context, chain []string) (bool, bool) {
	if containsKey(chain, segmentKey) {
		return false, false // a segment cycle
	}
	segment := d.segments[segmentKey]
	if segment == nil {
		return false, false // unknown or malformed
	}
	if key, ok := contextKey(ctx); ok {
		if _, in := segment.included[key]; in {
			return true, true
		}
		if _, out := segment.excluded[key]; out {
			return false, true
		}
	}
	if len(segment.rules) == 0 {
		return false, true
	}
	if chain == nil {
		var stack [4]string
		chain = stack[:0]
	}
	chain = append(chain, segmentKey)
	for _, clauses := range segment.rules {
		matched, ok := d.allMatch(clauses, ctx, chain)
		if !ok || matched {
			return matched, ok
		}
	}
	return false, true
}

// contextKey returns the context's key when it is a string.
func contextKey(ctx Context) (string, bool) {
	switch key := ctx["key"].(type) {
	case string:
		return key, true
	case nil:
		return "", false
	default:
		if value := scalarOf(key); value.kind == scalarString {
			return value.text, true
		}
		return "", false
	}
}

func containsKey(keys []string, key string) bool {
	for _, k := range keys {
		if k == key {
			return true
		}
	}
	return false
}
