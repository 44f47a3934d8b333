package flagswitch

// Status says what the client is serving from.
type Status string

const (
	// StatusInitializing: no document yet, and the first attempt to get one has not finished.
	StatusInitializing Status = "initializing"
	// StatusReady: serving a document from the live source (the server or the file).
	StatusReady Status = "ready"
	// StatusCached: the live source has not delivered; serving the document saved by an
	// earlier run (see [WithCacheFile]).
	StatusCached Status = "cached"
	// StatusBootstrap: the live source has not delivered; serving the [WithBootstrap] document.
	StatusBootstrap Status = "bootstrap"
	// StatusFailed: no document at all; every evaluation serves the caller's default.
	StatusFailed Status = "failed"
)
