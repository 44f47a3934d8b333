/**
 * One suite every transport runs (polling, streaming, file): the first document makes the client
 * ready, a new one replaces it and names the changed flags, an invalid one is reported and the
 * last good one kept, and after close() nothing more arrives.
 */
import "./support/no-unhandled-rejections.js";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  createClient,
  createFileSource,
  createPollingSource,
  createStreamingSource,
  type FlagSwitchError,
  InvalidDocumentError,
  type Source,
  silentLogger,
} from "../src/node.js";
import { bannerDocument, invalidDocument } from "./support/documents.js";
import { FlagServer } from "./support/flag-server.js";
import { sleep, waitFor } from "./support/wait.js";

interface Harness {
  baseUrl?: string;
  source: Source;
  publish(document: unknown): void;
  dispose(): Promise<void>;
}

const RETRY = { initialMs: 10, maxMs: 40 };

const transports: { name: string; start(first: unknown): Promise<Harness> }[] = [
  {
    name: "polling",
    async start(first) {
      const server = await FlagServer.start(first);
      return {
        baseUrl: server.url,
        source: createPollingSource({ intervalMs: 30, retry: RETRY }),
        publish: (document) => {
          server.document = document;
        },
        dispose: () => server.stop(),
      };
    },
  },
  {
    name: "streaming",
    async start(first) {
      const server = await FlagServer.start(first);
      return {
        baseUrl: server.url,
        source: createStreamingSource({ retry: RETRY, fallback: false }),
        publish: (document) => server.publish(document),
        dispose: () => server.stop(),
      };
    },
  },
  {
    name: "file",
    async start(first) {
      const directory = mkdtempSync(join(tmpdir(), "flagswitch-conformance-"));
      const path = join(directory, "flags.json");
      writeFileSync(path, JSON.stringify(first));
      return {
        source: createFileSource({ path, statIntervalMs: 30 }),
        publish: (document) => writeFileSync(path, JSON.stringify(document)),
        dispose: async () => rmSync(directory, { recursive: true, force: true }),
      };
    },
  },
];

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe.each(transports)("source conformance: $name", (transport) => {
  async function setUp() {
    const harness = await transport.start(bannerDocument(1, "first"));
    const errors: FlagSwitchError[] = [];
    const changes: string[][] = [];
    const client = createClient({
      sdkKey: "test-key",
      ...(harness.baseUrl ? { baseUrl: harness.baseUrl } : {}),
      source: harness.source,
      events: false,
      logger: silentLogger,
    });
    client.on("error", (error) => errors.push(error));
    client.on("change", (keys) => changes.push([...keys].sort()));
    cleanups.push(harness.dispose, () => client.close());
    const banner = () => client.stringVariation("banner", { key: "a" }, "default");
    return { harness, client, errors, changes, banner };
  }

  it("is ready with the first document, and names all its flags as changed", async () => {
    const { client, changes, banner } = await setUp();
    expect(await client.ready({ timeoutMs: 2_000 })).toBe("ready");
    expect(banner()).toBe("first");
    expect(changes).toEqual([["banner", "checkout"]]);
  });

  it("replaces the document and names only the changed flag", async () => {
    const { harness, client, changes, banner } = await setUp();
    await client.ready({ timeoutMs: 2_000 });
    harness.publish(bannerDocument(2, "second"));
    await waitFor("the second document", () => banner() === "second", 2_000);
    expect(changes.at(-1)).toEqual(["banner"]);
  });

  it("reports an invalid document and keeps the last good one", async () => {
    const { harness, client, errors, banner } = await setUp();
    await client.ready({ timeoutMs: 2_000 });
    harness.publish(invalidDocument(2));
    await waitFor(
      "the rejection",
      () => errors.some((error) => error instanceof InvalidDocumentError),
      2_000,
    );
    expect(banner()).toBe("first");
    harness.publish(bannerDocument(3, "third"));
    await waitFor("the next good document", () => banner() === "third", 2_000);
  });

  it("delivers nothing after close()", async () => {
    const { harness, client, banner } = await setUp();
    await client.ready({ timeoutMs: 2_000 });
    await client.close();
    harness.publish(bannerDocument(2, "too late"));
    await sleep(150);
    expect(banner()).toBe("first");
  });
});
