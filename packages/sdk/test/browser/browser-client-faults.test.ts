/**
 * The browser client when things go wrong, against a real local HTTP server that answers what
 * each test says: 5xx then recovery, malformed answers, a storage that refuses writes, and the
 * cache's bounds. Nothing may throw into the page.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createBrowserClient } from "../../src/browser.js";
import { stableJson } from "../../src/browser-client/evaluation-cache.js";
import type { BrowserClient } from "../../src/client-types.js";
import {
  CacheError,
  type FlagSwitchError,
  InvalidDocumentError,
  NetworkError,
} from "../../src/errors.js";
import { systemScheduler } from "../../src/scheduler.js";
import { MemoryStorage } from "./memory-storage.js";

interface Answer {
  status: number;
  body: string;
}

const silent = { debug() {}, info() {}, warn() {}, error() {} };

function evaluated(value: boolean) {
  return JSON.stringify({
    environment: "production",
    version: 1,
    flags: {
      checkout: {
        value,
        variationIndex: value ? 0 : 1,
        variationKey: value ? "on" : "off",
        reason: { kind: "FALLTHROUGH" },
        version: 4,
      },
    },
  });
}

let server: Server;
let url: string;
let answers: Answer[];
let contexts: unknown[];
const clients: BrowserClient[] = [];

beforeEach(async () => {
  answers = [];
  contexts = [];
  server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on("end", () => {
      contexts.push(JSON.parse(body).context);
      const answer = answers.length > 1 ? (answers.shift() as Answer) : answers[0];
      response.writeHead(answer?.status ?? 500, { "content-type": "application/json" });
      response.end(answer?.body ?? "{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function client(options: Partial<Parameters<typeof createBrowserClient>[0]> = {}) {
  const errors: FlagSwitchError[] = [];
  const created = createBrowserClient({
    clientKey: "fs_client_test",
    baseUrl: url,
    context: { key: "user-1" },
    storage: null,
    pollIntervalMs: 100,
    events: false,
    logger: silent,
    ...options,
  });
  created.on("error", (error) => errors.push(error));
  clients.push(created);
  return { browser: created, errors };
}

async function until(check: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("browser client faults", () => {
  it("reports a 503, keeps asking with backoff, and recovers", async () => {
    answers = [
      { status: 503, body: "{}" },
      { status: 200, body: evaluated(true) },
    ];
    const { browser, errors } = client();
    expect(await browser.ready()).toBe("failed");
    expect(errors[0]).toBeInstanceOf(NetworkError);
    expect(errors[0]?.message).toMatch(/\/sdk\/v1\/evaluate: HTTP 503/);
    await until(() => browser.status === "ready");
    expect(browser.boolVariation("checkout", false)).toBe(true);
  });

  it("rejects a malformed answer and keeps the values it had", async () => {
    answers = [
      { status: 200, body: evaluated(true) },
      { status: 200, body: JSON.stringify({ flags: { checkout: { value: false } } }) },
      { status: 200, body: "not json" },
      { status: 200, body: evaluated(false) },
    ];
    const { browser, errors } = client();
    expect(await browser.ready()).toBe("ready");
    await until(() => errors.length >= 2);
    expect(errors.slice(0, 2).every((error) => error instanceof InvalidDocumentError)).toBe(true);
    expect(errors[0]?.message).toContain("flags.checkout is not an evaluation result");
    expect(errors[1]?.message).toContain("the answer is not JSON");
    await until(() => browser.boolVariation("checkout", true) === false);
    expect(browser.status).toBe("ready");
  });

  it("serves values and reports a CacheError when the storage refuses writes", async () => {
    answers = [{ status: 200, body: evaluated(true) }];
    class FullStorage extends MemoryStorage {
      override setItem(): void {
        throw new Error("QuotaExceededError: the quota has been exceeded");
      }
    }
    const { browser, errors } = client({ storage: new FullStorage(), pollIntervalMs: 0 });
    expect(await browser.ready()).toBe("ready");
    expect(browser.boolVariation("checkout", false)).toBe(true);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(CacheError);
    expect(errors[0]?.message).toContain("QuotaExceededError");
  });

  it("ignores a corrupt cache entry and says so", async () => {
    answers = [{ status: 200, body: evaluated(true) }];
    const storage = new MemoryStorage();
    const first = client({ storage, pollIntervalMs: 0 });
    await first.browser.ready();
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i) as string;
      if (!key.endsWith(":index")) storage.setItem(key, "{corrupt");
    }
    const { browser, errors } = client({ storage, pollIntervalMs: 0 });
    expect(browser.status).toBe("initializing");
    expect(await browser.ready()).toBe("ready");
    // Reported after creation, so a listener added right away hears it.
    expect(errors[0]).toBeInstanceOf(CacheError);
    expect(errors[0]?.message).toContain("reading cached flag values failed");
  });

  it("finds a context's cache whatever the order of its attributes, and keeps five contexts", async () => {
    answers = [{ status: 200, body: evaluated(true) }];
    const storage = new MemoryStorage();
    const { browser } = client({
      storage,
      pollIntervalMs: 0,
      context: { key: "u0", plan: "pro", age: 3 },
    });
    await browser.ready();
    for (let i = 1; i <= 5; i++) await browser.identify({ key: `u${i}` });
    // Six contexts seen: the first one was pushed out; five entries and the index remain.
    expect(storage.length).toBe(6);
    const offline = client({ storage, baseUrl: "http://127.0.0.1:9", context: { key: "u5" } });
    expect(offline.browser.status).toBe("cached");
    const reordered = client({ storage, baseUrl: "http://127.0.0.1:9", context: { key: "u1" } });
    expect(reordered.browser.status).toBe("cached");
    const forgotten = client({
      storage,
      baseUrl: "http://127.0.0.1:9",
      context: { age: 3, plan: "pro", key: "u0" },
    });
    expect(forgotten.browser.status).toBe("initializing");
    expect(stableJson({ b: [1, { d: 1, c: 2 }], a: null })).toBe(
      '{"a":null,"b":[1,{"c":2,"d":1}]}',
    );
  });

  it("answers identify for the latest context only, when calls overlap", async () => {
    answers = [{ status: 200, body: evaluated(true) }];
    const { browser } = client({ pollIntervalMs: 0 });
    await browser.ready();
    const first = browser.identify({ key: "first" });
    const second = browser.identify({ key: "second" });
    expect(await second).toBe("ready");
    expect(await first).toBe("ready");
    expect(browser.context).toEqual({ key: "second" });
    expect(contexts.at(-1)).toEqual({ key: "second" });
  });

  it("refreshes stale values when the page is shown again, not fresh ones", async () => {
    answers = [
      { status: 200, body: evaluated(false) },
      { status: 200, body: evaluated(true) },
    ];
    let shown: () => void = () => {};
    let clockOffsetMs = 0;
    const { browser } = client({
      pollIntervalMs: 60_000,
      // The system scheduler with a clock the test can move forward (a tab asleep for a minute).
      scheduler: { ...systemScheduler, now: () => Date.now() + clockOffsetMs },
      pageShown: (listener) => {
        shown = listener;
        return () => {
          shown = () => {};
        };
      },
    });
    await browser.ready();
    shown();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(contexts).toHaveLength(1);
    clockOffsetMs = 61_000;
    shown();
    await until(() => browser.boolVariation("checkout", false));
    expect(contexts).toHaveLength(2);
    await browser.close();
    shown();
    expect(contexts).toHaveLength(2);
  });

  it("never throws from its methods, even with listeners that throw", async () => {
    answers = [{ status: 200, body: evaluated(true) }];
    const { browser } = client({ pollIntervalMs: 0, events: { pageHide: null } });
    browser.on("change", () => {
      throw new Error("listener bug");
    });
    expect(await browser.ready()).toBe("ready");
    expect(() => browser.track("", Number.NaN)).not.toThrow();
    expect(() => browser.jsonVariation("checkout", { a: 1 })).not.toThrow();
    await expect(browser.identify({ key: "u2" })).resolves.toBe("ready");
    await expect(browser.close()).resolves.toBeUndefined();
    await expect(browser.close()).resolves.toBeUndefined();
  });
});
