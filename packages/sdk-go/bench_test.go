package flagswitch

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// go test -run '^$' -bench . -benchmem
//
// Each benchmark evaluates one scenario over 10,000 rotating contexts in a document of 1,000
// flags, validated (hence compiled) once, as benchmarks/core/evaluation.mjs does.

func benchmarkScenario(b *testing.B, flagKey string, defaultValue any) {
	doc := benchmarkDocument(b, 996)
	contexts := rotatingContexts(10_000)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		result := Evaluate(doc, flagKey, contexts[i%len(contexts)], defaultValue)
		if result.IsDefault() {
			b.Fatalf("served the default: %+v", result.Reason)
		}
	}
}

func BenchmarkEvaluateA_BooleanFlag(b *testing.B)   { benchmarkScenario(b, "A", false) }
func BenchmarkEvaluateB_Rollout25(b *testing.B)     { benchmarkScenario(b, "B", false) }
func BenchmarkEvaluateC_TenRulesSplit(b *testing.B) { benchmarkScenario(b, "C", false) }
func BenchmarkEvaluateD_ABCExperiment(b *testing.B) { benchmarkScenario(b, "D", "control") }

func BenchmarkEvaluateAll1000Flags(b *testing.B) {
	doc := benchmarkDocument(b, 996)
	contexts := rotatingContexts(10_000)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		EvaluateAll(doc, contexts[i%len(contexts)])
	}
}

func BenchmarkXXH32_40Bytes(b *testing.B) {
	data := []byte("user-1234567-2654435761-abcdefghijklmnop")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		XXH32(data)
	}
}

func BenchmarkValidateDocument1000Flags(b *testing.B) {
	text, err := benchmarkDocument(b, 996).MarshalJSON()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := ValidateDocument(text); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkClientBoolVariation is scenario A through the client: a snapshot load, then the
// evaluation.
func BenchmarkClientBoolVariation(b *testing.B) {
	text, err := benchmarkDocument(b, 996).MarshalJSON()
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "flags.json")
	if err := os.WriteFile(path, text, 0o600); err != nil {
		b.Fatal(err)
	}
	client, err := New(context.Background(), "", WithFile(path))
	if err != nil {
		b.Fatal(err)
	}
	defer client.Close(context.Background())
	contexts := rotatingContexts(10_000)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if !client.BoolVariation("A", contexts[i%len(contexts)], false) {
			b.Fatal("served the default")
		}
	}
}
