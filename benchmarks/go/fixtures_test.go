// Package benchmarks measures the FlagSwitch Go SDK beside LaunchDarkly's and GrowthBook's Go
// SDKs on scenarios A–D of benchmarks/fixtures.mjs. Every SDK is given the same 1,000 flags,
// translated into its own format and loaded offline (no network), and evaluates them for the
// same 10,000 rotating contexts, built beforehand in each SDK's own context type.
//
//	npm run bench:go            (from benchmarks/; prints the table for RESULTS.md)
//	go test -bench . -benchmem  (from benchmarks/go/)
package benchmarks

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"sync"
	"testing"

	flagswitch "github.com/flagswitch/flagswitch/packages/sdk-go"
)

// fixtures are the shared flags and contexts, read once from ../fixtures.mjs.
type fixtures struct {
	documentJSON []byte
	document     flagswitch.FlagDocument
	contexts     []fixtureContext
}

// fixtureContext is one context of rotatingContexts(): a key, a country and a plan.
type fixtureContext struct {
	Key     string `json:"key"`
	Country string `json:"country"`
	Plan    string `json:"plan"`
}

var (
	loadOnce   sync.Once
	loaded     fixtures
	loadFailed error
)

// sharedFixtures runs export-fixtures.mjs (node) rather than keeping a copy of the flags, so
// that the Go figures always measure what the TypeScript ones do.
func sharedFixtures(tb testing.TB) fixtures {
	tb.Helper()
	loadOnce.Do(func() {
		var stderr bytes.Buffer
		command := exec.Command("node", "export-fixtures.mjs")
		command.Stderr = &stderr
		output, err := command.Output()
		if err != nil {
			loadFailed = &fixtureError{err: err, stderr: stderr.String()}
			return
		}
		var raw struct {
			Document json.RawMessage  `json:"document"`
			Contexts []fixtureContext `json:"contexts"`
		}
		if err := json.Unmarshal(output, &raw); err != nil {
			loadFailed = err
			return
		}
		loaded.documentJSON = raw.Document
		loaded.contexts = raw.Contexts
		loadFailed = json.Unmarshal(raw.Document, &loaded.document)
	})
	if loadFailed != nil {
		tb.Fatalf("reading the shared fixtures with `node export-fixtures.mjs` (node is required): %v", loadFailed)
	}
	if len(loaded.document.Flags) != 1000 || len(loaded.contexts) != 10_000 {
		tb.Fatalf("fixtures: %d flags and %d contexts; the scenarios are defined on 1,000 and 10,000",
			len(loaded.document.Flags), len(loaded.contexts))
	}
	return loaded
}

type fixtureError struct {
	err    error
	stderr string
}

func (e *fixtureError) Error() string { return e.err.Error() + ": " + e.stderr }
