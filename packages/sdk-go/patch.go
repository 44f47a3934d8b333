package flagswitch

import (
	"encoding/json"
	"fmt"
	"maps"
)

// Streaming updates: one flag or segment replaced or removed in a document without validating
// the whole document again. Only the changed item is compiled; references between flags and
// segments are re-checked across the document (cheap next to compiling).

// ApplyPatch returns doc with patch.data in place of the flag or segment patch.key, when its
// version is newer than the one doc holds (or doc has none). patch is the data of a stream
// "patch" event, {"kind": "flag"|"segment", "key", "data"}, as JSON text or decoded.
//
// applied is false, with doc returned unchanged, when doc already holds that version or a newer
// one. The error is a [ValidationErrors] when the patch is malformed or the patched document
// would not pass validation (doc is then kept as it was).
func ApplyPatch(doc *Document, patch any) (next *Document, applied bool, err error) {
	fields, ok := decodeChange(patch)
	kind, key, known := changeTarget(fields)
	if !ok || !known {
		return doc, false, refused("", `a patch is {"kind": "flag" | "segment", "key", "data"}`)
	}
	copied, ok := copyJSON(fields["data"], 1)
	data, isObject := copied.(map[string]any)
	version, hasVersion := numberValue(data["version"])
	if !ok || !isObject || !hasVersion {
		return doc, false, refused("/data", fmt.Sprintf("%s %q: data must be a %s object with a version", kind, key, kind))
	}
	if current, exists := heldVersion(doc, kind, key); exists && current >= version {
		return doc, false, nil
	}
	return rebuild(doc, kind, key, data)
}

// ApplyDelete returns doc without the flag or segment deletion.key, unless doc holds a newer
// version. deletion is the data of a stream "delete" event, {"kind", "key", "version"}.
func ApplyDelete(doc *Document, deletion any) (next *Document, applied bool, err error) {
	fields, ok := decodeChange(deletion)
	kind, key, known := changeTarget(fields)
	version, hasVersion := numberValue(fields["version"])
	if !ok || !known || !hasVersion {
		return doc, false, refused("", `a deletion is {"kind": "flag" | "segment", "key", "version"}`)
	}
	if current, exists := heldVersion(doc, kind, key); !exists || current > version {
		return doc, false, nil
	}
	return rebuild(doc, kind, key, nil)
}

func decodeChange(change any) (map[string]any, bool) {
	var tree any
	ok := true
	switch raw := change.(type) {
	case []byte:
		tree, ok = decodeJSON(raw)
	case json.RawMessage:
		tree, ok = decodeJSON(raw)
	case string:
		tree, ok = decodeJSON([]byte(raw))
	default:
		tree, ok = copyJSON(raw, 0)
	}
	fields, isObject := tree.(map[string]any)
	return fields, ok && isObject
}

func changeTarget(fields map[string]any) (kind, key string, ok bool) {
	kind, _ = fields["kind"].(string)
	key, isText := fields["key"].(string)
	return kind, key, isText && (kind == "flag" || kind == "segment")
}

func collectionName(kind string) string {
	if kind == "flag" {
		return "flags"
	}
	return "segments"
}

// heldVersion returns the version of the flag or segment doc holds under key, read from the
// document itself (a malformed item of an unvalidated document may have none).
func heldVersion(doc *Document, kind, key string) (float64, bool) {
	if doc == nil {
		return 0, false
	}
	items, _ := doc.raw[collectionName(kind)].(map[string]any)
	item, exists := items[key]
	if !exists {
		return 0, false
	}
	fields, _ := item.(map[string]any)
	version, ok := numberValue(fields["version"])
	if !ok {
		return -1, true // an item without a version is older than any
	}
	return version, true
}

// rebuild builds the document with key replaced by data (removed when data is nil).
func rebuild(doc *Document, kind, key string, data map[string]any) (*Document, bool, error) {
	if doc == nil {
		return nil, false, refused("", "there is no document to patch")
	}
	field := collectionName(kind)
	raw := maps.Clone(doc.raw)
	items, _ := raw[field].(map[string]any)
	items = maps.Clone(items)
	if items == nil {
		items = map[string]any{}
	}
	if data != nil {
		items[key] = data
	} else {
		delete(items, key)
	}
	raw[field] = items

	if !doc.validated {
		next, err := ValidateDocument(raw)
		return nextOrKept(doc, next, err)
	}
	next := &Document{
		raw: raw, environment: doc.environment, version: doc.version, validated: true,
		flags: doc.flags, segments: doc.segments,
	}
	found := &problems{}
	path := pointer("/"+field, key)
	if kind == "flag" {
		next.flags = maps.Clone(doc.flags)
		delete(next.flags, key)
		if data != nil {
			if flag := compileFlag(data, key, path, found); flag != nil {
				next.flags[key] = flag
			}
		}
	} else {
		next.segments = maps.Clone(doc.segments)
		delete(next.segments, key)
		if data != nil {
			if segment := compileSegment(data, key, path, found); segment != nil {
				next.segments[key] = segment
			}
		}
	}
	if found.count() > 0 {
		return doc, false, found.errors
	}
	next, err := completeDocument(next, found)
	return nextOrKept(doc, next, err)
}

func nextOrKept(doc, next *Document, err error) (*Document, bool, error) {
	if err != nil {
		return doc, false, err
	}
	return next, true, nil
}

func refused(path, message string) error {
	return ValidationErrors{{Path: path, Message: message}}
}
