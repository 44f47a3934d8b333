package flagswitch

import (
	"encoding/json"
	"math"
	"strconv"
)

// Numbers: a decoded document holds float64 (as JSON.parse gives a JavaScript number), but a
// hand-built document or a context may hold any Go number, or a json.Number.

// numberValue returns v as a float64 when v is a Go number (or a json.Number) holding a finite
// value.
func numberValue(v any) (float64, bool) {
	switch n := v.(type) {
	case float64:
		return n, !math.IsInf(n, 0) && !math.IsNaN(n)
	case int:
		return float64(n), true
	case int64:
		return float64(n), true
	case int32:
		return float64(n), true
	case int16:
		return float64(n), true
	case int8:
		return float64(n), true
	case uint:
		return float64(n), true
	case uint64:
		return float64(n), true
	case uint32:
		return float64(n), true
	case uint16:
		return float64(n), true
	case uint8:
		return float64(n), true
	case float32:
		f := float64(n)
		return f, !math.IsInf(f, 0) && !math.IsNaN(f)
	case json.Number:
		f, err := strconv.ParseFloat(string(n), 64)
		return f, err == nil && !math.IsInf(f, 0)
	}
	return 0, false
}

// isNumber reports whether v is a number of any Go type, finite or not.
func isNumber(v any) bool {
	switch v.(type) {
	case float64, float32, int, int64, int32, int16, int8, uint, uint64, uint32, uint16, uint8, json.Number:
		return true
	}
	return false
}

// safeInteger returns v as an int64 when it is a whole number of magnitude at most 2^53 − 1,
// what JavaScript's Number.isSafeInteger accepts (5.0 is 5; -0 is 0).
func safeInteger(v any) (int64, bool) {
	switch n := v.(type) {
	case int:
		return int64(n), int64(n) >= -maxSafeInteger && int64(n) <= maxSafeInteger
	case int64:
		return n, n >= -maxSafeInteger && n <= maxSafeInteger
	case uint64:
		return int64(n), n <= maxSafeInteger
	case uint:
		return int64(n), uint64(n) <= maxSafeInteger
	case int32, int16, int8, uint32, uint16, uint8:
		f, _ := numberValue(n)
		return int64(f), true
	}
	f, ok := numberValue(v)
	if !ok || f != math.Trunc(f) || math.Abs(f) > maxSafeInteger {
		return 0, false
	}
	return int64(f), true
}

// countValue returns v as an int when it is a safe integer ≥ 0 (versions, indexes, weights).
func countValue(v any) (int64, bool) {
	n, ok := safeInteger(v)
	return n, ok && n >= 0
}
