/**
 * The SDK against the real @flagswitch/server (embedded SQLite, in process): a flag toggled
 * through the admin API reaches a polling client and a streaming client; the time it takes is
 * measured and printed. Issue 4's SDK-client proof rests on this file.
 */
import "./support/no-unhandled-rejections.js";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createServer, type FlagSwitchServer, resolveConfig } from "@flagswitch/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  createClient,
  createPollingSource,
  createStreamingSource,
  type FlagClient,
  type FlagSwitchError,
  silentLogger,
} from "../src/index.js";
import { adminRequest } from "./support/admin-api.js";
import { FlagServer } from "./support/flag-server.js";
import { waitFor } from "./support/wait.js";

const POLL_INTERVAL_MS = 250;
const PRODUCTION = "/api/v1/projects/shop/environments/production";

let server: FlagSwitchServer;
let url: string;
let dataDir: string;
let sdkKey: string;
const clients: FlagClient[] = [];

const admin = (method: string, path: string, body?: unknown) =>
  adminRequest(url, server.firstAdminToken ?? "", method, path, body);

function client(options: Partial<Parameters<typeof createClient>[0]>): {
  client: FlagClient;
  errors: FlagSwitchError[];
} {
  const errors: FlagSwitchError[] = [];
  const created = createClient({ sdkKey, baseUrl: url, logger: silentLogger, ...options });
  created.on("error", (error) => errors.push(error));
  clients.push(created);
  return { client: created, errors };
}

const checkout = (c: FlagClient) => c.boolVariation("checkout", { key: "user-1" }, false);

/** Toggles the flag, then resolves with how long each client took to see the new value. */
async function toggleAndMeasure(enabled: boolean, watched: FlagClient[]): Promise<number[]> {
  const before = watched.map(checkout);
  await admin("POST", `${PRODUCTION}/flags/checkout/toggle`, { enabled });
  const started = performance.now();
  return Promise.all(
    watched.map(async (c, index) => {
      await waitFor("the toggle", () => checkout(c) !== before[index], 5_000);
      return performance.now() - started;
    }),
  );
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "flagswitch-sdk-it-"));
  server = await createServer({
    config: resolveConfig(
      {},
      {
        port: 0,
        host: "127.0.0.1",
        dataDir,
        databaseUrl: undefined,
        heartbeatMs: 1_000,
        dashboardDir: undefined,
        logLevel: "silent",
      },
    ),
  });
  url = await server.listen();
  await admin("POST", "/api/v1/projects", { key: "shop", name: "Shop" });
  await admin("POST", "/api/v1/projects/shop/flags", { key: "checkout" });
  const key = await admin("POST", "/api/v1/keys", {
    kind: "server",
    name: "backend",
    project: "shop",
    environment: "production",
  });
  sdkKey = String(key.secret);
}, 30_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await server?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("against the real server", () => {
  it("a toggle reaches a streaming client and a polling client; propagation is measured", async () => {
    const { client: streaming, errors: streamErrors } = client({
      source: createStreamingSource(),
      events: false,
    });
    const { client: polling, errors: pollErrors } = client({
      source: createPollingSource({ intervalMs: POLL_INTERVAL_MS }),
      events: false,
    });
    expect(await streaming.ready({ timeoutMs: 10_000 })).toBe("ready");
    expect(await polling.ready({ timeoutMs: 10_000 })).toBe("ready");
    expect(checkout(streaming)).toBe(checkout(polling));

    const figures: { stream: number; poll: number }[] = [];
    for (const enabled of [true, false, true]) {
      const [stream = Number.NaN, poll = Number.NaN] = await toggleAndMeasure(enabled, [
        streaming,
        polling,
      ]);
      figures.push({ stream, poll });
    }
    const worstStream = Math.max(...figures.map((f) => f.stream));
    const worstPoll = Math.max(...figures.map((f) => f.poll));
    console.log(
      `propagation admin toggle → SDK: streaming ${figures.map((f) => f.stream.toFixed(1)).join(", ")} ms; ` +
        `polling (interval ${POLL_INTERVAL_MS} ms) ${figures.map((f) => f.poll.toFixed(1)).join(", ")} ms`,
    );
    expect(worstStream).toBeLessThan(1_000);
    // One interval with its jitter, plus slack for a loaded CI machine.
    expect(worstPoll).toBeLessThan(POLL_INTERVAL_MS * 1.1 + 1_000);
    expect(streamErrors).toEqual([]);
    expect(pollErrors).toEqual([]);
  });

  it("polls MessagePack documents and revalidates with ETags", async () => {
    const { client: msgpack, errors } = client({
      source: createPollingSource({ intervalMs: 50, format: "msgpack" }),
      events: false,
    });
    expect(await msgpack.ready({ timeoutMs: 10_000 })).toBe("ready");
    const [took = Number.NaN] = await toggleAndMeasure(false, [msgpack]);
    expect(took).toBeLessThan(1_000);
    expect(errors).toEqual([]);
  });

  it("streams through the live server when the first base URL is dead", async () => {
    const dead = `http://127.0.0.1:${await FlagServer.freePort()}`;
    const { client: failover } = client({
      baseUrl: [dead, url],
      source: createStreamingSource({ retry: { initialMs: 10, maxMs: 100 } }),
      events: false,
    });
    expect(await failover.ready({ timeoutMs: 10_000 })).toBe("ready");
    const [took = Number.NaN] = await toggleAndMeasure(true, [failover]);
    expect(took).toBeLessThan(1_000);
  });

  it("delivers exposures and conversions that the server accepts", async () => {
    const { client: withEvents, errors } = client({
      source: createPollingSource({ intervalMs: 1_000 }),
    });
    expect(await withEvents.ready({ timeoutMs: 10_000 })).toBe("ready");
    withEvents.track("checkout-completed", { key: "user-1" }, 12.5);
    await withEvents.flush();
    expect(errors).toEqual([]);
  });
});

describe("docs/sdk-node.md", () => {
  const guide = readFileSync(resolve(import.meta.dirname, "../../../docs/sdk-node.md"), "utf8");
  const blocks = [...guide.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] ?? "");
  const entries = {
    "@flagswitch/sdk/node": resolve(import.meta.dirname, "../src/node.ts"),
    "@flagswitch/sdk": resolve(import.meta.dirname, "../src/index.ts"),
  };

  /** Writes a guide example as a module importing the SDK's sources, and runs it. */
  async function run(code: string, replacements: [string, string][]): Promise<string[]> {
    let source = code;
    for (const [name, path] of Object.entries(entries))
      source = source.replaceAll(`"${name}"`, JSON.stringify(path));
    for (const [from, to] of replacements) source = source.replaceAll(from, to);
    const directory = mkdtempSync(join(tmpdir(), "flagswitch-guide-"));
    const file = join(directory, "example.ts");
    writeFileSync(file, source);
    const printed: string[] = [];
    const log = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
      printed.push(
        args.map((arg) => (typeof arg === "string" ? arg : JSON.stringify(arg))).join(" "),
      );
    });
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      await import(/* @vite-ignore */ file);
    } finally {
      log.mockRestore();
      warn.mockRestore();
      rmSync(directory, { recursive: true, force: true });
    }
    return printed;
  }

  it("runs the quick start against the server", async () => {
    const quickStart = blocks.find((block) => block.includes("client.ready({ timeoutMs: 2_000 })"));
    expect(quickStart).toBeDefined();
    process.env.FLAGSWITCH_SDK_KEY = sdkKey;
    const printed = await run(quickStart ?? "", [['"http://localhost:8080"', JSON.stringify(url)]]);
    expect(printed[0]).toBe("flags: ready");
    expect(printed).toEqual([
      "flags: ready",
      'false null {"kind":"ERROR","errorKind":"FLAG_NOT_FOUND"}',
      expect.stringMatching(/^\{"checkout":(true|false)\}$/),
    ]);
  });

  it("runs the file-source example on a document saved from the server", async () => {
    const example = blocks.find((block) => block.includes("createFileSource({ path"));
    expect(example).toBeDefined();
    const directory = mkdtempSync(join(tmpdir(), "flagswitch-guide-flags-"));
    const path = join(directory, "flags.json");
    const saved = await fetch(`${url}/sdk/v1/flags`, {
      headers: { authorization: `Bearer ${sdkKey}` },
    });
    writeFileSync(path, await saved.text());
    try {
      await run(
        `${example}\nconsole.log(client.status, Object.keys(client.allFlags({ key: "u" })).join());\nawait client.close();\n`,
        [['"./flags.json"', JSON.stringify(path)]],
      ).then((printed) => expect(printed).toEqual(["ready checkout"]));
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
