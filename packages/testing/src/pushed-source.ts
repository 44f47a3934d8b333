/**
 * A `Source` the test drives: it hands the SDK's client whatever documents and errors the test
 * pushes, as a polling or streaming source would after a server change.
 */
import type { FlagDocument } from "@flagswitch/core";
import type { FlagSwitchError, Source, SourceSink } from "@flagswitch/sdk";

export interface PushedSource {
  source: Source;
  /** Delivers a whole document; returns whether the client accepted it. */
  push(document: FlagDocument): boolean;
  /** Reports a source error, as a failed poll would. */
  fail(error: FlagSwitchError): void;
}

export function createPushedSource(): PushedSource {
  let sink: SourceSink | undefined;
  const started = () => {
    if (!sink) throw new Error("pushed source: the client has not started it");
    return sink;
  };
  return {
    source: {
      name: "pushed",
      start(given) {
        sink = given;
      },
      close() {
        sink = undefined;
      },
    },
    push: (document) => started().document(structuredClone(document), "pushed"),
    fail: (error) => started().error(error),
  };
}
