/**
 * What the polling and streaming suites share: a misbehaving local server and a client over the
 * source under test, both closed (last opened first) after each test of the importing file.
 */
import { afterEach } from "vitest";
import {
  createClient,
  type FlagClient,
  type FlagSwitchError,
  type Source,
  silentLogger,
} from "../../src/index.js";
import { bannerDocument } from "./documents.js";
import { FlagServer } from "./flag-server.js";

const open: { close(): unknown }[] = [];
afterEach(async () => {
  for (const thing of open.splice(0).reverse()) await thing.close();
});

/** Closes `thing` after the current test. */
export function closeAfterTest(thing: { close(): unknown }): void {
  open.push(thing);
}

export async function startServer(
  document: unknown = bannerDocument(1, "one"),
): Promise<FlagServer> {
  const started = await FlagServer.start(document);
  closeAfterTest({ close: () => started.stop() });
  return started;
}

/** A client over `source` without events, collecting the errors it reports. */
export function startClient(
  baseUrl: string | string[],
  source: Source,
  sdkKey = "test-key",
): { client: FlagClient; errors: FlagSwitchError[] } {
  const errors: FlagSwitchError[] = [];
  const created = createClient({ sdkKey, baseUrl, source, events: false, logger: silentLogger });
  created.on("error", (error) => errors.push(error));
  closeAfterTest(created);
  return { client: created, errors };
}

export const banner = (c: FlagClient) => c.stringVariation("banner", { key: "ada" }, "default");
