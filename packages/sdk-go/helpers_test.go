package flagswitch

import (
	"encoding/json"
	"testing"
)

// booleanFlag is a flag serving true ("on", index 1) to everybody unless edit changes it.
func booleanFlag(key string, edit ...func(*Flag)) Flag {
	flag := Flag{
		Key:          key,
		Version:      1,
		Enabled:      true,
		Variations:   []Variation{{Key: "off", Value: false}, {Key: "on", Value: true}},
		OffVariation: 0,
		Fallthrough:  ServeVariation(1),
	}
	for _, change := range edit {
		change(&flag)
	}
	return flag
}

func documentOf(flags []Flag, segments ...Segment) FlagDocument {
	doc := FlagDocument{SchemaVersion: 1, Environment: "test", Version: 1, Flags: map[string]Flag{}, Segments: map[string]Segment{}}
	for _, flag := range flags {
		doc.Flags[flag.Key] = flag
	}
	for _, segment := range segments {
		doc.Segments[segment.Key] = segment
	}
	return doc
}

// mustValidate validates doc or fails the test, naming every problem.
func mustValidate(t testing.TB, doc any) *Document {
	t.Helper()
	compiled, err := ValidateDocument(doc)
	if err != nil {
		t.Fatalf("document refused: %v", err)
	}
	return compiled
}

// rawJSON decodes JSON text as plain values, as a raw document or context arrives.
func rawJSON(t testing.TB, text string) any {
	t.Helper()
	var value any
	if err := json.Unmarshal([]byte(text), &value); err != nil {
		t.Fatalf("bad test JSON %s: %v", text, err)
	}
	return value
}

// asRaw converts a typed document to plain decoded JSON.
func asRaw(t testing.TB, doc any) map[string]any {
	t.Helper()
	text, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return rawJSON(t, string(text)).(map[string]any)
}
