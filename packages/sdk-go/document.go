package flagswitch

import (
	"encoding/json"
	"sort"
)

// Document is a flag document in compiled form: every flag and segment checked and
// precompiled, ready for [Evaluate]. A Document is immutable once built, so any number of
// goroutines may evaluate it at once; updates (a new document, a patch) build a new Document.
type Document struct {
	// raw is the document as plain JSON (maps, slices, float64…), kept to write it back out.
	raw         map[string]any
	environment string
	version     int64
	// flags and segments hold a nil entry for an item that exists but is malformed, which only
	// an [Unvalidated] document can have.
	flags    map[string]*compiledFlag
	segments map[string]*compiledSegment
	// validated is true when ValidateDocument (or a patch of such a document) built it.
	validated bool
}

// Environment returns the document's environment name.
func (d *Document) Environment() string {
	if d == nil {
		return ""
	}
	return d.environment
}

// Version returns the document's version.
func (d *Document) Version() int64 {
	if d == nil {
		return 0
	}
	return d.version
}

// FlagKeys returns the keys of every flag in the document, sorted.
func (d *Document) FlagKeys() []string {
	if d == nil {
		return nil
	}
	keys := make([]string, 0, len(d.flags))
	for key := range d.flags {
		keys = append(keys, key)
	}
	sort.Strings(keys)
	return keys
}

// FlagVersion returns the version of a flag, and whether the document has it.
func (d *Document) FlagVersion(flagKey string) (int64, bool) {
	if d == nil {
		return 0, false
	}
	flag := d.flags[flagKey]
	if flag == nil {
		return 0, false
	}
	return flag.version, true
}

// ClientSide reports whether a flag's evaluated value may be exposed to browser SDKs.
func (d *Document) ClientSide(flagKey string) bool {
	if d == nil {
		return false
	}
	flag := d.flags[flagKey]
	return flag != nil && flag.clientSide
}

// MarshalJSON writes the document as JSON, as it was read.
func (d *Document) MarshalJSON() ([]byte, error) {
	if d == nil {
		return []byte("null"), nil
	}
	return json.Marshal(d.raw)
}

// Unvalidated compiles a document without validating it, for evaluating hand-made or
// untrusted JSON: raw is JSON text ([]byte, json.RawMessage) or a decoded value
// (map[string]any). Every flag and segment is compiled on its own; a malformed one evaluates
// to ERROR / MALFORMED_FLAG, and so does a reference to a missing segment or a cycle, when
// evaluation meets it. Anything that is not an object is an empty document.
//
// The document keeps references into raw: do not modify raw afterwards. Prefer
// [ValidateDocument], which refuses malformed documents and copies its input.
func Unvalidated(raw any) *Document {
	tree, ok := raw, true
	switch input := raw.(type) {
	case []byte:
		tree, ok = decodeJSON(input)
	case json.RawMessage:
		tree, ok = decodeJSON(input)
	case map[string]any, nil:
	default:
		tree, ok = roundTripJSON(raw)
	}
	fields, isObject := tree.(map[string]any)
	if !ok || !isObject {
		fields = map[string]any{}
	}
	doc := &Document{
		raw:      fields,
		flags:    map[string]*compiledFlag{},
		segments: map[string]*compiledSegment{},
	}
	doc.environment, _ = fields["environment"].(string)
	doc.version, _ = countValue(fields["version"])
	rawFlags, _ := fields["flags"].(map[string]any)
	for key, flag := range rawFlags {
		doc.flags[key] = compileFlag(flag, key, "", &problems{})
	}
	rawSegments, _ := fields["segments"].(map[string]any)
	for key, segment := range rawSegments {
		doc.segments[key] = compileSegment(segment, key, "", &problems{})
	}
	return doc
}

// decodeJSON decodes JSON text as plain values, numbers as float64 (what JSON.parse gives).
func decodeJSON(text []byte) (any, bool) {
	var tree any
	if err := json.Unmarshal(text, &tree); err != nil {
		return nil, false
	}
	return tree, true
}

// roundTripJSON turns any JSON-encodable Go value (a struct, a typed map) into plain values.
func roundTripJSON(value any) (any, bool) {
	text, err := json.Marshal(value)
	if err != nil {
		return nil, false
	}
	return decodeJSON(text)
}
