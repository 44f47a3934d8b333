/**
 * The browser client against a real @flagswitch/server with a client-side key: evaluated values
 * only, identify, the Web Storage cache, polling, bootstrap, refusal of a bad key, and exposure
 * and conversion events stored by the server (through fetch and through a beacon).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBrowserClient } from "../../src/browser.js";
import type { BrowserClient } from "../../src/client-types.js";
import { AuthenticationError, type FlagSwitchError } from "../../src/errors.js";
import { createHttpEventSink } from "../../src/events/index.js";
import { PROD, type ShopServer, startShopServer } from "./flagswitch-server.js";
import { MemoryStorage } from "./memory-storage.js";

let shop: ShopServer;
const clients: BrowserClient[] = [];

beforeAll(async () => {
  shop = await startShopServer();
}, 30_000);

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await shop?.close();
});

/** A base URL where nothing listens (the server's port, once it is stopped, is not reused here). */
const DEAD_URL = "http://127.0.0.1:9";

function client(options: Partial<Parameters<typeof createBrowserClient>[0]> = {}): BrowserClient {
  const created = createBrowserClient({
    clientKey: shop.clientKey,
    baseUrl: shop.url,
    context: { key: "user-1", plan: "pro" },
    storage: null,
    pollIntervalMs: 0,
    events: false,
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    ...options,
  });
  clients.push(created);
  return created;
}

async function storedEvents(kind: "exposure" | "conversion") {
  return shop.server.services.db
    .selectFrom("events")
    .selectAll()
    .where("kind", "=", kind)
    .orderBy("id")
    .execute();
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("browser client against a real server", () => {
  it("serves the values the server evaluated, for client-side flags only", async () => {
    const browser = client();
    expect(browser.status).toBe("initializing");
    expect(browser.boolVariation("checkout", false)).toBe(false);
    expect(browser.variationDetail("checkout", false).reason).toEqual({
      kind: "ERROR",
      errorKind: "CLIENT_NOT_READY",
    });
    expect(await browser.ready()).toBe("ready");
    expect(browser.boolVariation("checkout", false)).toBe(true);
    expect(browser.variationDetail("checkout", false)).toEqual({
      value: true,
      variationIndex: 0,
      variationKey: "on",
      reason: { kind: "RULE_MATCH", ruleId: "pro-plan" },
    });
    expect(["grey", "blue", "green"]).toContain(browser.stringVariation("button", "none"));
    expect(Object.keys(browser.allFlags()).sort()).toEqual(["button", "checkout"]);
    expect(browser.boolVariation("server-only", false)).toBe(false);
    expect(browser.variationDetail("server-only", false).reason.errorKind).toBe("FLAG_NOT_FOUND");
    expect(browser.numberVariation("checkout", 7)).toBe(7);
    expect(browser.variationDetail("button", 0).value).not.toBe(0);
    expect(browser.stringVariation("checkout", "x")).toBe("x");
  });

  it("identify switches context, fetches its values and reports the changed keys", async () => {
    const browser = client();
    await browser.ready();
    const changes: string[][] = [];
    browser.on("change", (keys) => changes.push([...keys]));
    const status = await browser.identify({ key: "user-1", plan: "free" });
    expect(status).toBe("ready");
    expect(browser.context).toEqual({ key: "user-1", plan: "free" });
    expect(browser.boolVariation("checkout", true)).toBe(false);
    expect(browser.variationDetail("checkout", true).reason).toEqual({ kind: "FALLTHROUGH" });
    expect(changes).toEqual([["checkout"]]);
  });

  it("keeps values per context in Web Storage and serves them, status cached, with the server gone", async () => {
    const storage = new MemoryStorage();
    const online = client({ storage });
    await online.ready();
    await online.identify({ key: "user-2", plan: "free" });
    expect(storage.length).toBeGreaterThan(0);
    for (let i = 0; i < storage.length; i++) {
      const name = storage.key(i) ?? "";
      expect(name + (storage.getItem(name) ?? "")).not.toContain("user-2");
      expect(storage.getItem(name)).not.toContain('pro-plan","clauses');
    }

    const offline = client({ storage, baseUrl: DEAD_URL, requestTimeoutMs: 500 });
    expect(offline.status).toBe("cached");
    expect(offline.boolVariation("checkout", false)).toBe(true);
    expect(await offline.ready({ timeoutMs: 2_000 })).toBe("cached");
    expect(await offline.identify({ key: "user-2", plan: "free" })).toBe("cached");
    expect(offline.boolVariation("checkout", true)).toBe(false);
    expect(await offline.identify({ key: "stranger" })).toBe("failed");

    const elsewhere = client({
      storage,
      baseUrl: DEAD_URL,
      context: { key: "user-3" },
      requestTimeoutMs: 500,
    });
    expect(await elsewhere.ready({ timeoutMs: 2_000 })).toBe("failed");
    expect(elsewhere.variationDetail("checkout", false).reason.errorKind).toBe("CLIENT_NOT_READY");
  });

  it("uses bootstrap values until the server answers", async () => {
    const offline = client({
      baseUrl: DEAD_URL,
      bootstrap: { checkout: true, button: "green" },
      requestTimeoutMs: 500,
    });
    expect(offline.status).toBe("bootstrap");
    expect(offline.stringVariation("button", "none")).toBe("green");
    expect(await offline.ready({ timeoutMs: 2_000 })).toBe("bootstrap");

    const online = client({ bootstrap: { checkout: false, stale: 1 } });
    expect(online.boolVariation("checkout", true)).toBe(false);
    const changes: string[][] = [];
    online.on("change", (keys) => changes.push([...keys].sort()));
    expect(await online.ready()).toBe("ready");
    expect(online.boolVariation("checkout", false)).toBe(true);
    expect(changes[0]).toEqual(expect.arrayContaining(["checkout", "stale", "button"]));
  });

  it("picks up a change made on the server at the next poll", async () => {
    await shop.admin("POST", "/api/v1/projects/shop/flags", { key: "banner", clientSide: true });
    const browser = client({ pollIntervalMs: 100 });
    await browser.ready();
    expect(browser.boolVariation("banner", true)).toBe(false);
    const changes: string[][] = [];
    browser.on("change", (keys) => changes.push([...keys]));
    await shop.admin("POST", `${PROD}/flags/banner/toggle`, { enabled: true });
    await shop.admin("PATCH", `${PROD}/flags/banner`, { fallthrough: { variation: 0 } });
    await until(() => browser.boolVariation("banner", false));
    expect(changes.flat()).toContain("banner");
  });

  it("reports a refused key once, as an AuthenticationError, and stops asking", async () => {
    const errors: FlagSwitchError[] = [];
    const browser = client({ clientKey: "cli-not-a-real-key", pollIntervalMs: 50 });
    browser.on("error", (error) => errors.push(error));
    expect(await browser.ready()).toBe("failed");
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(AuthenticationError);
    expect(errors[0]?.message).toContain("/sdk/v1/evaluate");
  });

  it("sends one exposure per variation seen and the tracked conversions, which the server stores", async () => {
    const browser = client({
      context: { key: "shopper-1" },
      events: { flushIntervalMs: 50 },
    });
    await browser.ready();
    const detail = browser.variationDetail("button", "none");
    expect(detail.reason.inExperiment).toBe(true);
    for (let i = 0; i < 50; i++) browser.stringVariation("button", "none");
    browser.boolVariation("checkout", false); // not in an experiment: no exposure
    browser.track("checkout-completed", 19.5);
    browser.track("newsletter");
    await browser.close();
    const exposures = (await storedEvents("exposure")).filter((e) => e.context_key === "shopper-1");
    expect(exposures).toHaveLength(1);
    expect(exposures[0]).toMatchObject({
      flag_key: "button",
      variation: detail.variationKey,
      experiment_key: "button-test",
      flag_version: expect.any(Number),
      sdk_name: "@flagswitch/sdk/browser",
    });
    const conversions = (await storedEvents("conversion")).filter(
      (e) => e.context_key === "shopper-1",
    );
    expect(conversions.map((e) => [e.event_key, e.value])).toEqual([
      ["checkout-completed", 19.5],
      ["newsletter", null],
    ]);
    expect(Number(conversions[0]?.ts)).toBeGreaterThanOrEqual(Number(exposures[0]?.ts));
  });

  it("hands events to a beacon on page hide, which the server accepts with ?key=", async () => {
    let hide: () => void = () => {};
    const beacons: Promise<Response>[] = [];
    const browser = client({
      context: { key: "shopper-2" },
      events: {
        flushIntervalMs: 60_000,
        pageHide: (listener) => {
          hide = listener;
          return () => {};
        },
        sink: createHttpEventSink({
          sdkKey: shop.clientKey,
          baseUrl: shop.url,
          // navigator.sendBeacon's behaviour: a queued text/plain POST without headers.
          beacon: (url, body) => {
            beacons.push(
              fetch(url, { method: "POST", body, headers: { "content-type": "text/plain" } }),
            );
            return true;
          },
        }),
      },
    });
    await browser.ready();
    browser.stringVariation("button", "none");
    browser.track("page-left");
    hide();
    const answers = await Promise.all(beacons);
    expect(answers.map((answer) => answer.status)).toEqual([202]);
    const stored = (await storedEvents("conversion")).filter((e) => e.context_key === "shopper-2");
    expect(stored.map((e) => e.event_key)).toEqual(["page-left"]);
  });
});
