package benchmarks

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	flagswitch "github.com/flagswitch/flagswitch/packages/sdk-go"
)

// flagSwitchSDK is the FlagSwitch client serving the fixture document from a file (no
// server, events off), and the same document compiled for the pure evaluation layer.
type flagSwitchSDK struct {
	client   *flagswitch.Client
	document *flagswitch.Document
	contexts []flagswitch.Context
}

func newFlagSwitchSDK(tb testing.TB, shared fixtures, dir string) flagSwitchSDK {
	tb.Helper()
	path := filepath.Join(dir, "flagswitch-document.json")
	if err := os.WriteFile(path, shared.documentJSON, 0o600); err != nil {
		tb.Fatal(err)
	}
	client, err := flagswitch.New(context.Background(), "", flagswitch.WithFile(path))
	if err != nil {
		tb.Fatalf("FlagSwitch client: %v", err)
	}
	if status, err := client.WaitUntilReady(context.Background()); status != flagswitch.StatusReady {
		tb.Fatalf("FlagSwitch client: %s, %v", status, err)
	}
	document, err := flagswitch.ValidateDocument(shared.documentJSON)
	if err != nil {
		tb.Fatalf("FlagSwitch document: %v", err)
	}
	contexts := make([]flagswitch.Context, len(shared.contexts))
	for i, c := range shared.contexts {
		contexts[i] = flagswitch.Context{"key": c.Key, "country": c.Country, "plan": c.Plan}
	}
	return flagSwitchSDK{client: client, document: document, contexts: contexts}
}
