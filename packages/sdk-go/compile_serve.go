package flagswitch

import "fmt"

// compiledServe is what a rule or the fallthrough serves: a fixed variation, or a rollout over
// buckets.
type compiledServe struct {
	rollout bool
	// fixed is the result of a fixed variation.
	fixed EvaluationResult
	// bucketBy is the context attribute a rollout buckets by.
	bucketBy string
	// thresholds are the running sums of the weights: variation i serves buckets below
	// thresholds[i].
	thresholds []int
	results    []EvaluationResult
	// notApplied is served when the context has no usable bucketBy value: the off variation,
	// with the rule's reason and never in an experiment.
	notApplied EvaluationResult
}

// serveCompiler compiles the serves of one flag.
type serveCompiler struct {
	flag              *flagCompiler
	variations        variationList
	offIndex          int
	experimentRunning bool
}

func (s serveCompiler) compile(raw any, path string, reason Reason) (compiledServe, bool) {
	count := len(s.variations.keys)
	fail := func(at, message string) (compiledServe, bool) {
		s.flag.fail(at, message)
		return compiledServe{}, false
	}
	fields, isObject := raw.(map[string]any)
	variation, hasVariation := fields["variation"]
	rawRollout, hasRollout := fields["rollout"]
	if !isObject || hasVariation == hasRollout {
		return fail(path, "serve must be either { variation } or { rollout }")
	}
	if hasVariation {
		index, ok := indexValue(variation, count)
		if !ok {
			return fail(pointer(path, "variation"), "variation must be an index "+describeRange(count))
		}
		return compiledServe{fixed: s.variations.result(index, reason)}, true
	}

	rolloutPath := pointer(path, "rollout")
	rollout, isObject := rawRollout.(map[string]any)
	if !isObject {
		return fail(rolloutPath, "rollout must be an object")
	}
	bucketBy := "key"
	if rawBucketBy := rollout["bucketBy"]; rawBucketBy != nil { // null means the default, as ?? does
		text, ok := rawBucketBy.(string)
		if !ok || text == "" {
			return fail(pointer(rolloutPath, "bucketBy"), "bucketBy must be a non-empty attribute name")
		}
		bucketBy = text
	}
	weightsPath := pointer(rolloutPath, "weights")
	rawWeights, isList := rollout["weights"].([]any)
	if !isList {
		return fail(weightsPath, "weights must be integers ≥ 0 (thousandths of a percent)")
	}
	thresholds := make([]int, 0, len(rawWeights))
	sum := int64(0)
	for _, rawWeight := range rawWeights {
		weight, ok := countValue(rawWeight)
		if !ok {
			return fail(weightsPath, "weights must be integers ≥ 0 (thousandths of a percent)")
		}
		sum = min(sum+weight, 1<<60) // saturate: only whether it is exactly bucketCount matters
		thresholds = append(thresholds, int(min(sum, bucketCount+1)))
	}
	if len(rawWeights) != count {
		return fail(weightsPath, fmt.Sprintf("weights must number one per variation (%d), not %d", count, len(rawWeights)))
	}
	if sum != bucketCount {
		return fail(weightsPath, fmt.Sprintf("weights must sum to %d, not %d", bucketCount, sum))
	}
	rolloutReason := reason
	rolloutReason.InExperiment = s.experimentRunning
	results := make([]EvaluationResult, count)
	for i := range results {
		results[i] = s.variations.result(i, rolloutReason)
	}
	return compiledServe{
		rollout:    true,
		bucketBy:   bucketBy,
		thresholds: thresholds,
		results:    results,
		notApplied: s.variations.result(s.offIndex, reason),
	}, true
}
