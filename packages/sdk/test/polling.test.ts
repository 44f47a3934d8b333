/** The polling source against a real local HTTP server that misbehaves on request. */
import "./support/no-unhandled-rejections.js";
import { describe, expect, it } from "vitest";
import {
  AuthenticationError,
  createClient,
  createPollingSource,
  type FlagSwitchError,
  InvalidDocumentError,
  NetworkError,
  silentLogger,
} from "../src/index.js";
import { bannerDocument, invalidDocument } from "./support/documents.js";
import { FlagServer } from "./support/flag-server.js";
import { banner, closeAfterTest, startClient, startServer } from "./support/source-harness.js";
import { sleep, waitFor } from "./support/wait.js";

const FAST = {
  intervalMs: 40,
  jitter: 0.1,
  requestTimeoutMs: 150,
  retry: { initialMs: 10, maxMs: 40 },
};

const client = (baseUrl: string | string[], polling = FAST) =>
  startClient(baseUrl, createPollingSource(polling));

describe("polling source", () => {
  it("loads the document, then revalidates with If-None-Match and gets 304s", async () => {
    const s = await startServer();
    const { client: c } = client(s.url);
    expect(await c.ready({ timeoutMs: 1_000 })).toBe("ready");
    expect(banner(c)).toBe("one");
    await waitFor("three polls", () => s.requestsTo("/sdk/v1/flags").length >= 3);
    const later = s.requestsTo("/sdk/v1/flags").slice(1);
    expect(later.every((request) => request.headers["if-none-match"] === '"1"')).toBe(true);
    expect(s.requests[0]?.headers.authorization).toBe("Bearer test-key");
  });

  it("sees a change within one interval and tells change listeners which flags changed", async () => {
    const s = await startServer();
    const { client: c } = client(s.url);
    await c.ready({ timeoutMs: 1_000 });
    const changes: string[][] = [];
    c.on("change", (keys) => changes.push([...keys]));
    s.document = bannerDocument(2, "two");
    const took = await waitFor("the new banner", () => banner(c) === "two");
    expect(took).toBeLessThan(FAST.intervalMs * 1.1 + 250); // one interval, with slack for load
    expect(changes).toEqual([["banner"]]);
  });

  it("keeps the last good document through 500s, malformed and invalid documents, then recovers", async () => {
    const s = await startServer();
    const { client: c, errors } = client(s.url);
    await c.ready({ timeoutMs: 1_000 });
    for (const fault of [
      () => {
        s.flags = { kind: "status", status: 503 };
      },
      () => {
        s.flags = { kind: "malformed" };
      },
      () => {
        s.flags = { kind: "serve" };
        s.document = invalidDocument(5);
      },
      () => {
        s.flags = { kind: "truncated" };
        s.document = bannerDocument(6, "truncated");
      },
    ]) {
      const before = errors.length;
      fault();
      await waitFor("an error report", () => errors.length > before);
      await sleep(60);
      expect(banner(c)).toBe("one");
    }
    expect(errors.some((e) => e instanceof NetworkError && e.status === 503)).toBe(true);
    expect(errors.some((e) => e instanceof InvalidDocumentError)).toBe(true);
    expect(
      errors.some((e) => e instanceof NetworkError && e.message.includes("body cut off")),
    ).toBe(true);
    s.flags = { kind: "serve" };
    s.document = bannerDocument(7, "seven");
    await waitFor("recovery", () => banner(c) === "seven", 500);
  });

  it("honours Retry-After on 429", async () => {
    const s = await startServer();
    const { client: c } = client(s.url);
    await c.ready({ timeoutMs: 1_000 });
    s.flags = { kind: "status", status: 429, retryAfter: "1" };
    await waitFor("a 429", () => s.requests.length >= 2);
    const refusedAt = s.requests.length;
    await sleep(700);
    expect(s.requests.length).toBe(refusedAt);
    s.flags = { kind: "serve" };
    s.document = bannerDocument(3, "after 429");
    const took = await waitFor(
      "the poll after Retry-After",
      () => banner(c) === "after 429",
      2_000,
    );
    expect(took).toBeGreaterThan(100);
  });

  it("gives up on a slow answer at the request deadline and catches up when it is quick again", async () => {
    const s = await startServer();
    const { client: c, errors } = client(s.url);
    await c.ready({ timeoutMs: 1_000 });
    s.flags = { kind: "slow", delayMs: 400 };
    s.document = bannerDocument(2, "slow");
    await waitFor("a timeout", () =>
      errors.some((e) => e.message.includes("no complete answer within 150 ms")),
    );
    expect(banner(c)).toBe("one");
    s.flags = { kind: "serve" };
    await waitFor("the document", () => banner(c) === "slow", 1_000);
  });

  it("stops on 401 and ready() resolves failed at once", async () => {
    const s = await startServer();
    const errors: FlagSwitchError[] = [];
    const c = createClient({
      sdkKey: "wrong-key",
      baseUrl: s.url,
      source: createPollingSource(FAST),
      events: false,
      logger: silentLogger,
    });
    closeAfterTest(c);
    c.on("error", (error) => errors.push(error));
    const started = Date.now();
    expect(await c.ready({ timeoutMs: 5_000 })).toBe("failed");
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(errors[0]).toBeInstanceOf(AuthenticationError);
    const requests = s.requests.length;
    await sleep(150);
    expect(s.requests.length).toBe(requests);
    expect(c.variationDetail("banner", { key: "ada" }, "default")).toEqual({
      value: "default",
      variationIndex: null,
      variationKey: null,
      reason: { kind: "ERROR", errorKind: "CLIENT_NOT_READY" },
    });
  });

  it("starts without a server, serves defaults, and loads once the server appears", async () => {
    const port = await FlagServer.freePort();
    const { client: c, errors } = client(`http://127.0.0.1:${port}`);
    expect(await c.ready({ timeoutMs: 100 })).toBe("failed");
    expect(banner(c)).toBe("default");
    expect(errors[0]).toBeInstanceOf(NetworkError);
    const s = await FlagServer.start(bannerDocument(1, "late"), port);
    closeAfterTest({ close: () => s.stop() });
    const took = await waitFor("the late server", () => banner(c) === "late", 1_000);
    expect(took).toBeLessThan(FAST.intervalMs * 1.1 + 250); // one interval, with slack for load
    expect(c.status).toBe("ready");
    expect(await c.ready()).toBe("ready");
  });

  it("after a long outage, catches up within one interval even with a large backoff cap", async () => {
    const s = await startServer();
    const { client: c } = client(s.url, { ...FAST, retry: { initialMs: 5, maxMs: 60_000 } });
    await c.ready({ timeoutMs: 1_000 });
    await s.stop();
    await sleep(1_500); // about nine doublings: uncapped, the next retry would be ~1 s away
    s.document = bannerDocument(2, "after the outage");
    await s.listen();
    const took = await waitFor(
      "the document after the outage",
      () => banner(c) === "after the outage",
      2_000,
    );
    expect(took).toBeLessThan(FAST.intervalMs * 1.1 + 250);
  });

  it("fails over to the next base URL when one is dead", async () => {
    const s = await startServer();
    const dead = `http://127.0.0.1:${await FlagServer.freePort()}`;
    const { client: c } = client([dead, s.url]);
    expect(await c.ready({ timeoutMs: 1_000 })).toBe("ready");
    expect(banner(c)).toBe("one");
    s.document = bannerDocument(2, "two");
    await waitFor("the change through the live replica", () => banner(c) === "two");
  });

  it("follows a change when the preferred replica dies", async () => {
    const first = await startServer();
    const second = await startServer();
    const { client: c } = client([first.url, second.url]);
    await c.ready({ timeoutMs: 1_000 });
    await first.stop();
    second.document = bannerDocument(2, "from the second");
    await waitFor("the second replica's document", () => banner(c) === "from the second", 1_000);
  });
});
