package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// The command's output is compared as JSON with what the TypeScript and Python runners write,
// so its shape matters as much as its values: null index and key for a default, reason fields
// absent when they do not apply.

func runCommand(t *testing.T, input string) []any {
	t.Helper()
	var out bytes.Buffer
	if err := run(strings.NewReader(input), &out); err != nil {
		t.Fatalf("run: %v", err)
	}
	var decoded struct {
		Results []any `json:"results"`
	}
	if err := json.Unmarshal(out.Bytes(), &decoded); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out.String())
	}
	return decoded.Results
}

func decode(t *testing.T, text string) any {
	t.Helper()
	var value any
	if err := json.Unmarshal([]byte(text), &value); err != nil {
		t.Fatal(err)
	}
	return value
}

func TestResultsHaveTheSharedShape(t *testing.T) {
	input := `{
	  "document": {"schemaVersion": 1, "environment": "t", "version": 1, "segments": {}, "flags": {
	    "exp": {"key": "exp", "version": 3, "enabled": true, "offVariation": 0,
	      "variations": [{"key": "a", "value": "control"}, {"key": "b", "value": "treatment"}],
	      "fallthrough": {"rollout": {"weights": [0, 100000]}}, "experiment": {"key": "e", "running": true}},
	    "rules": {"key": "rules", "version": 1, "enabled": true, "offVariation": 0,
	      "variations": [{"key": "off", "value": false}, {"key": "on", "value": true}],
	      "rules": [{"id": "pro", "clauses": [{"attribute": "plan", "op": "in", "values": ["pro"]}], "serve": {"variation": 1}}],
	      "fallthrough": {"variation": 0}},
	    "broken": {"key": "broken", "version": 1, "enabled": true, "variations": [], "offVariation": 4, "fallthrough": {"variation": 9}}
	  }},
	  "cases": [
	    {"flagKey": "exp", "context": {"key": "u1"}},
	    {"flagKey": "rules", "context": {"key": "u1", "plan": "pro"}, "default": false},
	    {"flagKey": "rules", "context": {"key": "u1"}, "default": "text"},
	    {"flagKey": "missing", "context": {"key": "u1"}, "default": 7},
	    {"flagKey": "broken", "context": "not an object"}
	  ]
	}`
	want := []string{
		`{"value": "treatment", "variationIndex": 1, "variationKey": "b", "reason": {"kind": "FALLTHROUGH", "inExperiment": true}}`,
		`{"value": true, "variationIndex": 1, "variationKey": "on", "reason": {"kind": "RULE_MATCH", "ruleId": "pro"}}`,
		`{"value": "text", "variationIndex": null, "variationKey": null, "reason": {"kind": "ERROR", "errorKind": "WRONG_TYPE"}}`,
		`{"value": 7, "variationIndex": null, "variationKey": null, "reason": {"kind": "ERROR", "errorKind": "FLAG_NOT_FOUND"}}`,
		`{"value": null, "variationIndex": null, "variationKey": null, "reason": {"kind": "ERROR", "errorKind": "MALFORMED_FLAG"}}`,
	}
	got := runCommand(t, input)
	if len(got) != len(want) {
		t.Fatalf("%d results for %d cases", len(got), len(want))
	}
	for i := range want {
		if expected := decode(t, want[i]); !reflect.DeepEqual(got[i], expected) {
			t.Errorf("case %d:\n got  %v\n want %v", i, got[i], expected)
		}
	}
}

func TestRefusesInputItCannotRead(t *testing.T) {
	for name, input := range map[string]string{
		"not JSON":       `{"document": `,
		"no document":    `{"cases": []}`,
		"bad context":    `{"document": {}, "cases": [{"flagKey": "a", "context": {"key": }}]}`,
		"cases not list": `{"document": {}, "cases": {}}`,
	} {
		t.Run(name, func(t *testing.T) {
			if err := run(strings.NewReader(input), &bytes.Buffer{}); err == nil {
				t.Fatal("accepted")
			}
		})
	}
}

// Every evaluation vector of packages/spec, run through the command, must come out exactly as
// the vector's expected JSON: the same check the cross-language comparison makes.
func TestAnswersEveryEvaluationVector(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "spec", "vectors")
	if override := os.Getenv("FLAGSWITCH_SPEC_VECTORS"); override != "" {
		dir = override
	}
	text, err := os.ReadFile(filepath.Join(dir, "index.json"))
	if err != nil {
		t.Fatalf("the shared vectors must be present (packages/spec/vectors/index.json): %v", err)
	}
	var index struct {
		Files []struct{ File, Kind string } `json:"files"`
	}
	if err := json.Unmarshal(text, &index); err != nil {
		t.Fatal(err)
	}
	for _, file := range index.Files {
		if file.Kind != "evaluation" {
			continue
		}
		t.Run(file.File, func(t *testing.T) {
			text, err := os.ReadFile(filepath.Join(dir, file.File))
			if err != nil {
				t.Fatal(err)
			}
			var vectors struct {
				Cases []struct {
					Description string `json:"description"`
					Expected    any    `json:"expected"`
				} `json:"cases"`
			}
			if err := json.Unmarshal(text, &vectors); err != nil {
				t.Fatal(err)
			}
			// The vector file is itself a valid request: document and cases with flagKey,
			// context and default (description and expected are ignored).
			got := runCommand(t, string(text))
			if len(got) != len(vectors.Cases) {
				t.Fatalf("%d results for %d cases", len(got), len(vectors.Cases))
			}
			for i, c := range vectors.Cases {
				if !reflect.DeepEqual(got[i], c.Expected) {
					t.Errorf("%s:\n got  %v\n want %v", c.Description, got[i], c.Expected)
				}
			}
		})
	}
}
