/**
 * FlagSwitch's own client fed the benchmark flags offline: bootstrapped from the document, no
 * network source, exposure tracking on with an event sink that counts what it is sent, so the
 * evaluation path pays for exposure recording exactly as in production.
 */
import { createClient } from "@flagswitch/sdk";

export async function createFlagSwitch(document, contexts) {
  let delivered = 0;
  const client = createClient({
    sdkKey: "benchmark",
    baseUrl: "http://127.0.0.1:9",
    bootstrap: document,
    source: [],
    events: {
      sink: {
        name: "counting sink",
        async send(batch) {
          delivered += batch.events.length;
        },
      },
    },
  });
  const status = await client.ready({ timeoutMs: 1000 });
  if (status !== "bootstrap")
    throw new Error(`FlagSwitch client not ready from its bootstrap: ${status}`);
  return {
    name: "FlagSwitch @flagswitch/sdk",
    client,
    contexts,
    exposures: () => delivered,
    close: () => client.close(),
  };
}
