package flagswitch

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// The shared vectors of packages/spec are the source of truth across TypeScript, Python and
// Go: every case runs here as a subtest named by its description. A missing vector directory
// fails the test — passing without them would prove nothing.

// FLAGSWITCH_SPEC_VECTORS points the test at another vector directory (a generated set, a
// newer spec checkout).
var vectorsDir = func() string {
	if dir := os.Getenv("FLAGSWITCH_SPEC_VECTORS"); dir != "" {
		return dir
	}
	return "../spec/vectors"
}()

type vectorIndex struct {
	SpecVersion int `json:"specVersion"`
	Files       []struct {
		File string `json:"file"`
		Kind string `json:"kind"`
	} `json:"files"`
}

func TestSharedVectors(t *testing.T) {
	text, err := os.ReadFile(filepath.Join(vectorsDir, "index.json"))
	if err != nil {
		t.Fatalf("the shared vectors must be present (packages/spec/vectors/index.json): %v", err)
	}
	var index vectorIndex
	if err := json.Unmarshal(text, &index); err != nil {
		t.Fatalf("index.json: %v", err)
	}
	if index.SpecVersion != 1 || len(index.Files) == 0 {
		t.Fatalf("index.json: specVersion %d with %d files; this SDK reads specVersion 1", index.SpecVersion, len(index.Files))
	}
	kinds := map[string]func(*testing.T, []byte){
		"xxh32": runXXH32Vectors, "bucket": runBucketVectors,
		"evaluation": runEvaluationVectors, "validation": runValidationVectors,
	}
	for _, file := range index.Files {
		run, known := kinds[file.Kind]
		t.Run(file.File, func(t *testing.T) {
			if !known {
				t.Fatalf("unknown vector kind %q", file.Kind)
			}
			text, err := os.ReadFile(filepath.Join(vectorsDir, file.File))
			if err != nil {
				t.Fatal(err)
			}
			run(t, text)
		})
	}
}

func decodeVectors[T any](t *testing.T, text []byte) T {
	t.Helper()
	var file T
	decoder := json.NewDecoder(bytes.NewReader(text))
	decoder.UseNumber() // seeds and hashes are uint32: keep them exact
	if err := decoder.Decode(&file); err != nil {
		t.Fatalf("vector file: %v", err)
	}
	return file
}

func runXXH32Vectors(t *testing.T, text []byte) {
	file := decodeVectors[struct {
		Cases []struct {
			Description string `json:"description"`
			Input       string `json:"input"`
			Seed        uint32 `json:"seed"`
			Expected    uint32 `json:"expected"`
		} `json:"cases"`
	}](t, text)
	for _, c := range file.Cases {
		t.Run(c.Description, func(t *testing.T) {
			if got := XXH32Seed([]byte(c.Input), c.Seed); got != c.Expected {
				t.Errorf("XXH32Seed(%q, %d) = %d, want %d", c.Input, c.Seed, got, c.Expected)
			}
		})
	}
}

func runBucketVectors(t *testing.T, text []byte) {
	file := decodeVectors[struct {
		Cases []struct {
			Description string `json:"description"`
			Salt        string `json:"salt"`
			Value       string `json:"value"`
			Expected    int    `json:"expected"`
		} `json:"cases"`
	}](t, text)
	for _, c := range file.Cases {
		t.Run(c.Description, func(t *testing.T) {
			if got := Bucket(c.Salt, c.Value); got != c.Expected {
				t.Errorf("Bucket(%q, %q) = %d, want %d", c.Salt, c.Value, got, c.Expected)
			}
		})
	}
}

type evaluationVectorCase struct {
	Description string                     `json:"description"`
	FlagKey     string                     `json:"flagKey"`
	Context     json.RawMessage            `json:"context"`
	Default     json.RawMessage            `json:"default"`
	Expected    map[string]json.RawMessage `json:"expected"`
}

func runEvaluationVectors(t *testing.T, text []byte) {
	var file struct {
		Document json.RawMessage        `json:"document"`
		Cases    []evaluationVectorCase `json:"cases"`
	}
	if err := json.Unmarshal(text, &file); err != nil {
		t.Fatalf("vector file: %v", err)
	}
	raw := Unvalidated([]byte(file.Document))
	// When the document happens to be valid, its compiled form must answer the same.
	validated, _ := ValidateDocument([]byte(file.Document))
	for _, c := range file.Cases {
		t.Run(c.Description, func(t *testing.T) {
			ctx, defaultValue := vectorContext(t, c.Context), vectorValue(t, c.Default)
			want := expectedResult(t, c.Expected)
			got := Evaluate(raw, c.FlagKey, ctx, defaultValue)
			if !sameResult(got, want) {
				t.Errorf("flag %q, context %s, default %s:\n got  %s\n want %s", c.FlagKey, c.Context, c.Default, resultText(got), resultText(want))
			}
			if validated != nil {
				if again := Evaluate(validated, c.FlagKey, ctx, defaultValue); !sameResult(again, want) {
					t.Errorf("validated document: got %s, want %s", resultText(again), resultText(want))
				}
			}
		})
	}
}

func runValidationVectors(t *testing.T, text []byte) {
	var file struct {
		Cases []struct {
			Description string          `json:"description"`
			Document    json.RawMessage `json:"document"`
			Valid       bool            `json:"valid"`
			ErrorPaths  []string        `json:"errorPaths"`
		} `json:"cases"`
	}
	if err := json.Unmarshal(text, &file); err != nil {
		t.Fatalf("vector file: %v", err)
	}
	for _, c := range file.Cases {
		t.Run(c.Description, func(t *testing.T) {
			_, err := ValidateDocument([]byte(c.Document))
			if c.Valid {
				if err != nil {
					t.Fatalf("valid document refused: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("invalid document accepted")
			}
			paths := errorPaths([]byte(c.Document))
			for _, want := range c.ErrorPaths {
				if !containsKey(paths, want) {
					t.Errorf("error paths %q do not include %q (%v)", paths, want, err)
				}
			}
		})
	}
}

// vectorContext is the case's context; anything but an object is the empty context.
func vectorContext(t *testing.T, text json.RawMessage) Context {
	fields, _ := vectorValue(t, text).(map[string]any)
	return Context(fields)
}

// vectorValue decodes a JSON value as the SDK sees decoded JSON; absent is nil.
func vectorValue(t *testing.T, text json.RawMessage) any {
	if len(text) == 0 {
		return nil
	}
	return rawJSON(t, string(text))
}

// expectedResult reads an expected result; reason fields absent there must be unset.
func expectedResult(t *testing.T, fields map[string]json.RawMessage) EvaluationResult {
	text, err := json.Marshal(fields)
	if err != nil {
		t.Fatal(err)
	}
	var want EvaluationResult
	if err := want.UnmarshalJSON(text); err != nil {
		t.Fatalf("expected result %s: %v", text, err)
	}
	return want
}

func sameResult(got, want EvaluationResult) bool {
	return reflect.DeepEqual(got.Value, want.Value) && got.VariationIndex == want.VariationIndex &&
		got.VariationKey == want.VariationKey && got.Reason == want.Reason
}

func resultText(result EvaluationResult) string {
	text, err := result.MarshalJSON()
	if err != nil {
		return err.Error()
	}
	return string(text)
}
