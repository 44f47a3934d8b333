// Package flagswitch is the Go SDK of FlagSwitch, an open-source feature-flag platform.
//
// It has two layers. The evaluation layer is pure and public: [ValidateDocument] turns a flag
// document into an immutable, precompiled [Document]; [Evaluate] and [EvaluateAll] answer which
// variation a [Context] gets; [XXH32] and [Bucket] are the hashing both rely on. These follow
// docs/evaluation.md exactly and agree bit for bit with the TypeScript and Python SDKs.
//
// The client ([New]) keeps a document current from the FlagSwitch server (streaming, with
// polling as a fallback), a file or a bootstrap document, serves variations from memory
// without locks, and sends experiment exposures and conversions in batches.
//
//	client, err := flagswitch.New(ctx, os.Getenv("FLAGSWITCH_SDK_KEY"),
//		flagswitch.WithBaseURL("https://flags.example.com"))
//	if err != nil {
//		log.Printf("flagswitch: %v", err) // the client still serves defaults
//	}
//	defer client.Close(context.Background())
//	if client.BoolVariation("new-checkout", flagswitch.Context{"key": "user-42"}, false) {
//		// ...
//	}
package flagswitch
