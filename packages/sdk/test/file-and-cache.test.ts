/** The file source, the file cache and the localStorage cache, on a real file system. */
import "./support/no-unhandled-rejections.js";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  CacheError,
  createClient,
  createFileCache,
  createFileSource,
  createLocalStorageCache,
  createPollingSource,
  type FlagSwitchError,
  InvalidDocumentError,
  silentLogger,
} from "../src/node.js";
import { bannerDocument, invalidDocument } from "./support/documents.js";
import { FlagServer } from "./support/flag-server.js";
import { waitFor } from "./support/wait.js";

const directories: string[] = [];
const open: { close(): unknown }[] = [];
afterEach(async () => {
  for (const thing of open.splice(0).reverse()) await thing.close();
  for (const directory of directories.splice(0))
    rmSync(directory, { recursive: true, force: true });
});

function temporaryDirectory(): string {
  const directory = mkdtempSync(join(tmpdir(), "flagswitch-sdk-"));
  directories.push(directory);
  return directory;
}

const banner = (c: { stringVariation(k: string, c: object, d: string): string }) =>
  c.stringVariation("banner", { key: "a" }, "default");

describe("file source", () => {
  it("loads the document and follows edits, keeping the last good one through a bad edit", async () => {
    const path = join(temporaryDirectory(), "flags.json");
    writeFileSync(path, JSON.stringify(bannerDocument(1, "from disk")));
    const errors: FlagSwitchError[] = [];
    const client = createClient({
      sdkKey: "local",
      source: createFileSource({ path, statIntervalMs: 50 }),
      logger: silentLogger,
    });
    open.push(client);
    client.on("error", (error) => errors.push(error));
    expect(await client.ready({ timeoutMs: 1_000 })).toBe("ready");
    expect(banner(client)).toBe("from disk");

    writeFileSync(path, "{ half a docu");
    await waitFor("a parse error", () => errors.some((e) => e instanceof InvalidDocumentError));
    writeFileSync(path, JSON.stringify(invalidDocument(2)));
    await waitFor(
      "a validation error",
      () => errors.filter((e) => e instanceof InvalidDocumentError).length >= 2,
    );
    expect(banner(client)).toBe("from disk");

    writeFileSync(path, JSON.stringify(bannerDocument(3, "edited")));
    await waitFor("the edit", () => banner(client) === "edited", 2_000);
  });

  it("follows the file by stat polling alone when watching is off, and reports a missing file once", async () => {
    const path = join(temporaryDirectory(), "flags.json");
    const errors: FlagSwitchError[] = [];
    const client = createClient({
      sdkKey: "local",
      source: createFileSource({ path, watch: false, statIntervalMs: 20 }),
      logger: silentLogger,
    });
    open.push(client);
    client.on("error", (error) => errors.push(error));
    await waitFor("a missing-file error", () => errors.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toContain("ENOENT");
    writeFileSync(path, JSON.stringify(bannerDocument(1, "appeared")));
    await waitFor("the new file", () => banner(client) === "appeared", 2_000);
  });
});

describe("file cache", () => {
  it("saves every new network document atomically and serves it on the next start (status cached)", async () => {
    const directory = temporaryDirectory();
    const path = join(directory, "nested", "cache.json");
    const server = await FlagServer.start(bannerDocument(4, "networked"));
    open.push({ close: () => server.stop() });
    const first = createClient({
      sdkKey: "test-key",
      baseUrl: server.url,
      source: createPollingSource({ intervalMs: 40 }),
      cache: createFileCache(path),
      events: false,
      logger: silentLogger,
    });
    expect(await first.ready({ timeoutMs: 1_000 })).toBe("ready");
    await first.close();
    expect(JSON.parse(readFileSync(path, "utf8"))).toMatchObject({ version: 4 });
    expect(readdirSync(join(directory, "nested"))).toEqual(["cache.json"]);

    await server.stop();
    const second = createClient({
      sdkKey: "test-key",
      baseUrl: server.url,
      source: createPollingSource({ intervalMs: 40, retry: { initialMs: 10, maxMs: 40 } }),
      cache: createFileCache(path),
      events: false,
      logger: silentLogger,
    });
    open.push(second);
    expect(await second.ready({ timeoutMs: 200 })).toBe("cached");
    expect(banner(second)).toBe("networked");
    await server.listen();
    server.document = bannerDocument(5, "back");
    await waitFor("the network document", () => banner(second) === "back", 1_000);
    expect(second.status).toBe("ready");
  });

  it("reports a corrupt cache file as a CacheError and carries on", async () => {
    const path = join(temporaryDirectory(), "cache.json");
    writeFileSync(path, "garbage");
    const errors: FlagSwitchError[] = [];
    const client = createClient({
      sdkKey: "k",
      cache: createFileCache(path),
      logger: silentLogger,
    });
    open.push(client);
    client.on("error", (error) => errors.push(error));
    expect(await client.ready({ timeoutMs: 1_000 })).toBe("failed");
    expect(errors[0]).toBeInstanceOf(CacheError);
    expect(await createFileCache(join(temporaryDirectory(), "absent.json")).load()).toBeUndefined();
  });
});

describe("localStorage cache", () => {
  it("does nothing where there is no localStorage", async () => {
    const cache = createLocalStorageCache();
    await cache.save({ any: 1 });
    expect(await cache.load()).toBeUndefined();
  });

  it("round-trips a document through a Storage-shaped global, and reports a full storage", async () => {
    const entries = new Map<string, string>();
    let full = false;
    const storage = {
      getItem: (key: string) => entries.get(key) ?? null,
      setItem: (key: string, value: string) => {
        if (full) throw new Error("QuotaExceededError");
        entries.set(key, value);
      },
    };
    const global = globalThis as { localStorage?: unknown };
    global.localStorage = storage;
    try {
      const cache = createLocalStorageCache("flags");
      await cache.save(bannerDocument(1, "stored"));
      const client = createClient({ sdkKey: "k", cache, logger: silentLogger });
      open.push(client);
      expect(await client.ready({ timeoutMs: 1_000 })).toBe("cached");
      expect(banner(client)).toBe("stored");
      full = true;
      await expect(cache.save(bannerDocument(2, "x"))).rejects.toBeInstanceOf(CacheError);
    } finally {
      delete global.localStorage;
    }
  });
});
