package flagswitch

import (
	"fmt"
	"math"
)

// A document to validate may arrive as JSON text or as Go values; either way it becomes a tree
// of plain JSON values (map[string]any, []any, string, float64, bool, nil) that the caller can
// no longer change.

// maxJSONDepth bounds nesting: deeper than any sensible variation value, and what stops a
// circular map.
const maxJSONDepth = 64

// copyJSON returns a plain-JSON deep copy of value, or false when it holds something JSON
// cannot (then reportNonJSON says where; paths cost too much to build for every value).
func copyJSON(value any, depth int) (any, bool) {
	switch v := value.(type) {
	case nil, bool, string:
		return v, true
	case float64:
		return v, !math.IsInf(v, 0) && !math.IsNaN(v)
	case map[string]any:
		if depth >= maxJSONDepth {
			return nil, false
		}
		copied := make(map[string]any, len(v))
		for key, item := range v {
			itemCopy, ok := copyJSON(item, depth+1)
			if !ok {
				return nil, false
			}
			copied[key] = itemCopy
		}
		return copied, true
	case []any:
		if depth >= maxJSONDepth {
			return nil, false
		}
		copied := make([]any, len(v))
		for i, item := range v {
			itemCopy, ok := copyJSON(item, depth+1)
			if !ok {
				return nil, false
			}
			copied[i] = itemCopy
		}
		return copied, true
	}
	if isNumber(value) {
		return numberValue(value)
	}
	// Any other Go value (a struct, a typed map or slice) becomes JSON through encoding/json.
	tree, ok := roundTripJSON(value)
	if !ok {
		return nil, false
	}
	return copyJSON(tree, depth)
}

// withinDepth reports whether a decoded tree nests at most maxJSONDepth levels.
func withinDepth(value any, depth int) bool {
	switch v := value.(type) {
	case map[string]any:
		if depth >= maxJSONDepth {
			return false
		}
		for _, item := range v {
			if !withinDepth(item, depth+1) {
				return false
			}
		}
	case []any:
		if depth >= maxJSONDepth {
			return false
		}
		for _, item := range v {
			if !withinDepth(item, depth+1) {
				return false
			}
		}
	}
	return true
}

// reportNonJSON walks value again, naming each place copyJSON or withinDepth refused.
func reportNonJSON(value any, path string, found *problems, depth int) {
	switch v := value.(type) {
	case nil, bool, string:
		return
	case map[string]any:
		if depth >= maxJSONDepth {
			found.add(path, fmt.Sprintf("nested deeper than %d levels (or circular)", maxJSONDepth))
			return
		}
		for key, item := range v {
			reportNonJSON(item, pointer(path, key), found, depth+1)
		}
		return
	case []any:
		if depth >= maxJSONDepth {
			found.add(path, fmt.Sprintf("nested deeper than %d levels (or circular)", maxJSONDepth))
			return
		}
		for i, item := range v {
			reportNonJSON(item, pointerIndex(path, i), found, depth+1)
		}
		return
	}
	if isNumber(value) {
		if _, ok := numberValue(value); !ok {
			found.add(path, "numbers must be finite")
		}
		return
	}
	tree, ok := roundTripJSON(value)
	if !ok {
		found.add(path, fmt.Sprintf("a %T is not JSON", value))
		return
	}
	reportNonJSON(tree, path, found, depth)
}
