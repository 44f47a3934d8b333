package flagswitch

import "fmt"

type compiledSegment struct {
	key      string
	version  int64
	included map[string]struct{}
	excluded map[string]struct{}
	rules    [][]compiledClause
}

// compileSegment returns the compiled segment, or nil when raw is malformed (each reason added
// to found). References to other segments are checked by validation, not here.
func compileSegment(raw any, key, path string, found *problems) *compiledSegment {
	fields, ok := raw.(map[string]any)
	if !ok {
		found.add(path, fmt.Sprintf("segment %q must be an object", key))
		return nil
	}
	start := found.count()
	fail := func(field, message string) {
		found.add(pointer(path, field), fmt.Sprintf("segment %q: %s %s", key, field, message))
	}
	if rawKey, isText := fields["key"].(string); !isText || rawKey != key {
		fail("key", fmt.Sprintf("must equal the segment's key in segments (%q)", key))
	}
	version, ok := countValue(fields["version"])
	if !ok {
		fail("version", "must be an integer ≥ 0")
	}
	segment := &compiledSegment{key: key, version: version}
	segment.included = keySet(fields, "included", fail)
	segment.excluded = keySet(fields, "excluded", fail)
	rules, ok := optionalList(fields, "rules")
	if !ok {
		fail("rules", "must be an array")
	}
	for i, item := range rules {
		rulePath := pointerIndex(pointer(path, "rules"), i)
		rule, isObject := item.(map[string]any)
		if !isObject {
			found.add(rulePath, fmt.Sprintf("segment %q: a rule must be { clauses: [...] }", key))
			continue
		}
		if clauses, ok := compileClauses(rule["clauses"], pointer(rulePath, "clauses"), found); ok {
			segment.rules = append(segment.rules, clauses)
		}
	}
	if found.count() > start {
		return nil
	}
	return segment
}

// keySet reads an optional list of context keys as a set.
func keySet(fields map[string]any, name string, fail func(field, message string)) map[string]struct{} {
	list, ok := optionalList(fields, name)
	set := make(map[string]struct{}, len(list))
	for _, item := range list {
		key, isText := item.(string)
		if !isText {
			ok = false
			break
		}
		set[key] = struct{}{}
	}
	if !ok {
		fail(name, "must be an array of context keys (strings)")
	}
	return set
}
