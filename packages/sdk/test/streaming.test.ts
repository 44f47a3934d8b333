/** The streaming source against a real local SSE server: events, drops, silence, refusals, failover. */
import "./support/no-unhandled-rejections.js";
import { describe, expect, it } from "vitest";
import {
  AuthenticationError,
  createStreamingSource,
  InvalidDocumentError,
  type StreamingOptions,
} from "../src/index.js";
import { bannerDocument, booleanFlag } from "./support/documents.js";
import { FlagServer } from "./support/flag-server.js";
import { banner, closeAfterTest, startClient, startServer } from "./support/source-harness.js";
import { sleep, waitFor } from "./support/wait.js";

const FAST: StreamingOptions = {
  heartbeatTimeoutMs: 300,
  retry: { initialMs: 10, maxMs: 50 },
  fallback: { intervalMs: 40, requestTimeoutMs: 150, retry: { initialMs: 10, maxMs: 40 } },
};

const client = (
  baseUrl: string | string[],
  options: StreamingOptions = FAST,
  sdkKey = "test-key",
) => startClient(baseUrl, createStreamingSource(options), sdkKey);
const streamRequests = (s: FlagServer) => s.requestsTo("/sdk/v1/stream");
const pollRequests = (s: FlagServer) => s.requestsTo("/sdk/v1/flags");

describe("streaming source", () => {
  it("applies put, then patches and deletes (only newer versions), without polling", async () => {
    const s = await startServer();
    const { client: c } = client(s.url);
    expect(await c.ready({ timeoutMs: 1_000 })).toBe("ready");
    expect(banner(c)).toBe("one");
    const changes: string[][] = [];
    c.on("change", (keys) => changes.push([...keys]));

    s.send(
      "patch",
      { kind: "flag", key: "checkout", data: booleanFlag("checkout", 2, false) },
      "2",
    );
    await waitFor("the patch", () => c.boolVariation("checkout", { key: "ada" }, true) === false);
    s.send("patch", { kind: "flag", key: "checkout", data: booleanFlag("checkout", 1, true) }, "3");
    s.send("delete", { kind: "flag", key: "banner", version: 4 }, "4");
    await waitFor("the delete", () => banner(c) === "default");
    expect(c.boolVariation("checkout", { key: "ada" }, true)).toBe(false);
    expect(changes).toEqual([["checkout"], ["banner"]]);
    expect(c.variationDetail("banner", { key: "ada" }, "x").reason).toEqual({
      kind: "ERROR",
      errorKind: "FLAG_NOT_FOUND",
    });
    expect(pollRequests(s)).toHaveLength(0);
    expect(streamRequests(s)[0]?.headers.authorization).toBe("Bearer test-key");
  });

  it("rejects an invalid patch and a non-JSON event, keeps the last good document, resumes without an id", async () => {
    const s = await startServer();
    const { client: c, errors } = client(s.url);
    await c.ready({ timeoutMs: 1_000 });
    s.send(
      "patch",
      {
        kind: "flag",
        key: "checkout",
        data: { ...booleanFlag("checkout", 2, false), offVariation: 9 },
      },
      "2",
    );
    s.sendRaw("event: patch\ndata: {not json\n\n");
    await waitFor(
      "two rejections",
      () => errors.filter((e) => e instanceof InvalidDocumentError).length >= 2,
    );
    expect(c.boolVariation("checkout", { key: "ada" }, false)).toBe(true);
    s.dropStreams();
    await waitFor("a reconnect", () => streamRequests(s).length >= 2);
    expect(streamRequests(s)[1]?.headers["last-event-id"]).toBeUndefined();
  });

  it("reconnects after a dropped stream with Last-Event-ID, polling meanwhile", async () => {
    const s = await startServer();
    const { client: c } = client(s.url);
    await c.ready({ timeoutMs: 1_000 });
    s.send(
      "patch",
      { kind: "flag", key: "checkout", data: booleanFlag("checkout", 5, false) },
      "5",
    );
    await waitFor("the patch", () => c.boolVariation("checkout", { key: "ada" }, true) === false);
    s.stream = { kind: "status", status: 503 };
    s.dropStreams();
    s.document = bannerDocument(6, "polled");
    await waitFor("the fallback poll", () => banner(c) === "polled", 1_000);
    expect(pollRequests(s).length).toBeGreaterThan(0);
    expect(
      streamRequests(s)
        .slice(1)
        .every((r) => r.headers["last-event-id"] === "5"),
    ).toBe(true);
    s.stream = { kind: "serve" };
    await waitFor("the stream back", () => s.openStreams === 1, 1_000);
    const polls = pollRequests(s).length;
    await sleep(120);
    expect(pollRequests(s).length - polls).toBeLessThanOrEqual(1);
    s.send("patch", { kind: "flag", key: "checkout", data: booleanFlag("checkout", 7, true) }, "7");
    await waitFor("a patch on the new stream", () =>
      c.boolVariation("checkout", { key: "ada" }, false),
    );
  });

  it("a truncated event is never applied; the stream reconnects and gets a whole put", async () => {
    const s = await startServer();
    const { client: c } = client(s.url);
    await c.ready({ timeoutMs: 1_000 });
    s.sendRaw(
      `event: patch\ndata: ${JSON.stringify({ kind: "flag", key: "checkout", data: booleanFlag("checkout", 9, false) })}`,
    );
    await sleep(20);
    s.document = bannerDocument(10, "fresh put");
    s.dropStreams();
    await waitFor("the put after reconnect", () => banner(c) === "fresh put", 1_000);
    expect(c.boolVariation("checkout", { key: "ada" }, false)).toBe(true);
  });

  it("replaces a connection that goes silent (no heartbeat) and keeps one open with heartbeats", async () => {
    const s = await startServer();
    s.stream = { kind: "silent" };
    const { client: c, errors } = client(s.url);
    await waitFor(
      "a heartbeat timeout",
      () => errors.some((e) => e.message.includes("no data or heartbeat")),
      2_000,
    );
    await waitFor("polling to take over", () => banner(c) === "one", 1_000);
    s.stream = { kind: "serve" };
    await waitFor("a live stream", () => s.openStreams === 1, 2_000);
    const connections = streamRequests(s).length;
    const beat = setInterval(() => s.sendRaw(":\n\n"), 100);
    await sleep(700);
    clearInterval(beat);
    expect(streamRequests(s).length).toBe(connections);
  });

  it("stops on 401 (stream and fallback) and ready() resolves failed", async () => {
    const s = await startServer();
    const { client: c, errors } = client(s.url, FAST, "wrong-key");
    expect(await c.ready({ timeoutMs: 3_000 })).toBe("failed");
    expect(errors.some((e) => e instanceof AuthenticationError)).toBe(true);
    const count = s.requests.length;
    await sleep(200);
    expect(s.requests.length).toBe(count);
  });

  it("waits at least Retry-After before reconnecting a refused stream", async () => {
    const s = await startServer();
    s.stream = { kind: "status", status: 429, retryAfter: "1" };
    const { client: c } = client(s.url);
    expect(await c.ready({ timeoutMs: 1_000 })).toBe("ready"); // the fallback poll
    await sleep(600);
    expect(streamRequests(s)).toHaveLength(1);
    s.stream = { kind: "serve" };
    await waitFor("the stream after Retry-After", () => s.openStreams === 1, 2_000);
  });

  it("connects to the next base URL when the first is dead, and follows a replica that dies", async () => {
    const dead = `http://127.0.0.1:${await FlagServer.freePort()}`;
    const first = await startServer();
    const second = await startServer(bannerDocument(1, "one"));
    const { client: c } = client([dead, first.url, second.url]);
    expect(await c.ready({ timeoutMs: 1_000 })).toBe("ready");
    await waitFor("a stream on the first live replica", () => first.openStreams === 1);
    second.document = bannerDocument(2, "survivor");
    await first.stop();
    await waitFor("the survivor's document", () => banner(c) === "survivor", 2_000);
    await waitFor("a stream on the survivor", () => second.openStreams === 1, 2_000);
  });
});

describe("streaming source at start-up", () => {
  it("starts without a server (defaults), and streams once the server appears", async () => {
    const port = await FlagServer.freePort();
    const { client: c } = client(`http://127.0.0.1:${port}`, { ...FAST, fallback: false });
    expect(await c.ready({ timeoutMs: 100 })).toBe("failed");
    expect(banner(c)).toBe("default");
    const s = await FlagServer.start(bannerDocument(1, "late"), port);
    closeAfterTest({ close: () => s.stop() });
    await waitFor("the late server's put", () => banner(c) === "late", 1_000);
    expect(c.status).toBe("ready");
  });
});
