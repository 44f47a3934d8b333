/**
 * Prints the shared benchmark fixtures (../fixtures.mjs) as JSON for the Go benchmarks:
 * `{ document, contexts }`, the 1,000-flag document and the 10,000 rotating contexts. The Go
 * side runs this instead of keeping a copy, so every language measures the same flags.
 */
import { benchmarkDocument, rotatingContexts } from "../fixtures.mjs";

process.stdout.write(
  JSON.stringify({ document: benchmarkDocument(), contexts: rotatingContexts() }),
);
