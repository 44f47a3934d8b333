package flagswitch

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// ValidateDocument checks a flag document and returns it compiled, ready for [Evaluate]. It is
// the one place that decides whether a document may be installed: the client runs every
// document, patch and file through it and keeps serving the last good one when it fails.
//
// input is JSON text ([]byte, json.RawMessage), decoded JSON (map[string]any), or any value
// encoding/json can encode (such as a [FlagDocument]); it is copied, so later changes to it do
// not affect the returned Document. On failure the error is a [ValidationErrors] naming every
// problem at its JSON Pointer.
//
//	doc, err := flagswitch.ValidateDocument(body)
//	if err != nil {
//		return fmt.Errorf("flag document refused: %w", err)
//	}
func ValidateDocument(input any) (*Document, error) {
	found := &problems{}
	var tree any
	switch raw := input.(type) {
	case []byte:
		tree = decodeForValidation(raw, found)
	case json.RawMessage:
		tree = decodeForValidation(raw, found)
	default:
		copied, ok := copyJSON(input, 0)
		if !ok {
			reportNonJSON(input, "", found, 0)
			return nil, found.errors
		}
		tree = copied
	}
	if found.count() > 0 {
		return nil, found.errors
	}
	return validateTree(tree, found)
}

// decodeForValidation decodes JSON text, adding a problem when it is not JSON or nests too deep.
func decodeForValidation(text []byte, found *problems) any {
	var tree any
	if err := json.Unmarshal(text, &tree); err != nil {
		found.add("", "document is not JSON: "+err.Error())
		return nil
	}
	if !withinDepth(tree, 0) {
		reportNonJSON(tree, "", found, 0)
	}
	return tree
}

func validateTree(tree any, found *problems) (*Document, error) {
	fields, isObject := tree.(map[string]any)
	if !isObject {
		found.add("", "document must be an object")
		return nil, found.errors
	}
	if number, ok := fields["schemaVersion"].(float64); !ok || number != 1 {
		found.add("/schemaVersion", "schemaVersion must be 1")
	}
	environment, ok := fields["environment"].(string)
	if !ok {
		found.add("/environment", "environment must be a string")
	}
	version, ok := countValue(fields["version"])
	if !ok {
		found.add("/version", "version must be an integer ≥ 0")
	}
	rawFlags, flagsOK := fields["flags"].(map[string]any)
	if !flagsOK {
		found.add("/flags", "flags must be an object keyed by flag key")
	}
	rawSegments, segmentsOK := fields["segments"].(map[string]any)
	if !segmentsOK {
		found.add("/segments", "segments must be an object keyed by segment key")
	}
	if !flagsOK || !segmentsOK {
		return nil, found.errors
	}

	flags := make(map[string]*compiledFlag, len(rawFlags))
	for _, key := range sortedKeys(rawFlags) {
		if flag := compileFlag(rawFlags[key], key, pointer("/flags", key), found); flag != nil {
			flags[key] = flag
		}
	}
	segments := make(map[string]*compiledSegment, len(rawSegments))
	for _, key := range sortedKeys(rawSegments) {
		if segment := compileSegment(rawSegments[key], key, pointer("/segments", key), found); segment != nil {
			segments[key] = segment
		}
	}
	doc := &Document{raw: fields, environment: environment, version: version, flags: flags, segments: segments, validated: true}
	return completeDocument(doc, found)
}

// completeDocument checks the references between a document's compiled flags and segments and
// returns it when every check (and every earlier one) passed.
func completeDocument(doc *Document, found *problems) (*Document, error) {
	checkPrerequisites(doc.flags, found)
	checkSegmentReferences(doc.flags, doc.segments, found)
	if found.count() > 0 {
		return nil, found.errors
	}
	return doc, nil
}

func checkPrerequisites(flags map[string]*compiledFlag, found *problems) {
	// Only flags with prerequisites can name an unknown flag or lie on a cycle.
	var dependents []string
	for key, flag := range flags {
		if len(flag.prereqs) > 0 {
			dependents = append(dependents, key)
		}
	}
	sort.Strings(dependents)
	for _, key := range dependents {
		for i, prerequisite := range flags[key].prereqs {
			required := flags[prerequisite.flagKey]
			path := func(field string) string {
				return pointer(pointerIndex(pointer(pointer("/flags", key), "prerequisites"), i), field)
			}
			switch {
			case required == nil:
				found.add(path("flag"), fmt.Sprintf("flag %q: prerequisite on unknown flag %q", key, prerequisite.flagKey))
			case !containsKey(required.variations, prerequisite.variationKey):
				found.add(path("variation"), fmt.Sprintf("flag %q: flag %q has no variation %q", key, prerequisite.flagKey, prerequisite.variationKey))
			}
		}
	}
	dependencies := func(key string) []string {
		flag := flags[key]
		if flag == nil {
			return nil
		}
		names := make([]string, len(flag.prereqs))
		for i, prerequisite := range flag.prereqs {
			names[i] = prerequisite.flagKey
		}
		return names
	}
	cyclic := nodesOnCycles(dependents, dependencies)
	for _, key := range cyclic {
		found.add(pointer(pointer("/flags", key), "prerequisites"),
			fmt.Sprintf("flag %q: prerequisite cycle among flags %s", key, strings.Join(cyclic, ", ")))
	}
}

func checkSegmentReferences(flags map[string]*compiledFlag, segments map[string]*compiledSegment, found *problems) {
	// Paths and messages are built only for a reference that fails: most documents have none.
	report := func(collection, owner string, rule int, clauses []compiledClause) {
		for i, clause := range clauses {
			for j, key := range clause.segmentKeys {
				if segments[key] != nil {
					continue
				}
				path := pointer(pointerIndex(pointer(pointer("/"+collection, owner), "rules"), rule), "clauses")
				found.add(pointerIndex(pointer(pointerIndex(path, i), "values"), j),
					fmt.Sprintf("%s %q: inSegment on unknown segment %q", collection[:len(collection)-1], owner, key))
			}
		}
	}
	for _, key := range sortedKeys(flags) {
		for i, rule := range flags[key].rules {
			report("flags", key, i, rule.clauses)
		}
	}
	keys := sortedKeys(segments)
	for _, key := range keys {
		for i, clauses := range segments[key].rules {
			report("segments", key, i, clauses)
		}
	}
	referenced := func(key string) []string {
		segment := segments[key]
		if segment == nil {
			return nil
		}
		var names []string
		for _, clauses := range segment.rules {
			for _, clause := range clauses {
				names = append(names, clause.segmentKeys...)
			}
		}
		return names
	}
	cyclic := nodesOnCycles(keys, referenced)
	for _, key := range cyclic {
		found.add(pointer(pointer("/segments", key), "rules"),
			fmt.Sprintf("segment %q: segment cycle among segments %s", key, strings.Join(cyclic, ", ")))
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for key := range m {
		keys = append(keys, key)
	}
	sort.Strings(keys)
	return keys
}
