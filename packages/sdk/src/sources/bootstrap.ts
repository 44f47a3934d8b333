/** A document given in code or rendered into a page: served at once, never refreshed. */
import type { Source } from "../source.js";

/**
 * @example
 * const client = createClient({ sdkKey, source: createBootstrapSource(window.__FLAGS__) });
 */
export function createBootstrapSource(document: unknown): Source {
  let started = false;
  return {
    name: "bootstrap",
    provides: "bootstrap",
    start(sink) {
      if (started) return;
      started = true;
      sink.document(document, "bootstrap");
    },
    close() {},
  };
}
