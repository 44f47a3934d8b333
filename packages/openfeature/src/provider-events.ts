/**
 * Client events → provider events, shared by both providers. A `change` becomes
 * `ConfigurationChanged` with the changed flag keys (preceded by `Ready` if the provider was in
 * an error state: flags arrived after all). An error becomes `Error` only while the client has
 * no flags at all; with flags in hand the client keeps serving its last good document, and
 * OpenFeature's ERROR state ("unable to evaluate") would misstate that.
 */
import type { ClientLifecycle } from "@flagswitch/sdk";

/** Emits one provider event each; the providers bind them to their SDK's emitter. */
export interface ProviderEventSink {
  ready(message: string): void;
  error(message: string): void;
  configurationChanged(flagKeys: string[]): void;
}

export interface ClientFollower {
  /** The provider entered OpenFeature's ERROR state (e.g. `initialize` rejected). */
  markFailed(): void;
  stop(): void;
}

export function followClient(client: ClientLifecycle, sink: ProviderEventSink): ClientFollower {
  let inError = false;
  const offChange = client.on("change", (flagKeys) => {
    if (inError) {
      inError = false;
      sink.ready("FlagSwitch: flags arrived");
    }
    sink.configurationChanged([...flagKeys]);
  });
  const offError = client.on("error", (error) => {
    if (client.status !== "failed") return;
    inError = true;
    sink.error(error.message);
  });
  return {
    markFailed() {
      inError = true;
    },
    stop() {
      offChange();
      offError();
    },
  };
}
