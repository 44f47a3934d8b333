/**
 * The event recorder and the HTTP sink against a real local HTTP server: batching by size and
 * time, retries with a stable batch id, refusals, the bounded buffer, deduplication, the
 * MessagePack body, close and page hide.
 */
import { decode } from "@msgpack/msgpack";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EventDeliveryError } from "../../src/errors.js";
import {
  createEventRecorder,
  createHttpEventSink,
  type EventRecorderOptions,
  msgpackEventEncoding,
} from "../../src/events/index.js";
import { type EventServer, jsonBody, startEventServer } from "./event-server.js";

const KEY = "srv-test-key";
const fastRetry = { initialMs: 10, maxMs: 40 };

let server: EventServer;
beforeEach(async () => {
  server = await startEventServer();
});
afterEach(async () => server.close());

function recorder(overrides: Partial<EventRecorderOptions> = {}) {
  const errors: EventDeliveryError[] = [];
  const events = createEventRecorder({
    sink: createHttpEventSink({ sdkKey: KEY, baseUrl: server.url, beacon: null }),
    flushIntervalMs: 60_000,
    retry: fastRetry,
    pageHide: null,
    onError: (error) => errors.push(error),
    ...overrides,
  });
  return { events, errors };
}

function exposure(contextKey: string, variation = "b") {
  return {
    flagKey: "button",
    flagVersion: 3,
    variation,
    contextKey,
    experimentKey: "button-test",
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("event recorder over HTTP", () => {
  it("sends a batch as soon as 500 events wait, without a flush", async () => {
    const { events } = recorder();
    for (let i = 0; i < 1_000; i++) events.conversion({ eventKey: "click", contextKey: `u${i}` });
    const requests = await server.waitForRequests(2);
    const [first, second] = requests.map(jsonBody);
    expect(first.events).toHaveLength(500);
    expect(second.events).toHaveLength(500);
    expect(first.events[0]).toMatchObject({
      kind: "conversion",
      eventKey: "click",
      contextKey: "u0",
    });
    expect(second.events[499].contextKey).toBe("u999");
    expect(first.batchId).not.toBe(second.batchId);
    expect(first.sdk).toEqual({ name: "@flagswitch/sdk", version: "0.1.0" });
    expect(requests[0]?.url).toBe("/sdk/v1/events");
    expect(requests[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(requests[0]?.headers["content-type"]).toBe("application/json");
    await events.close();
  });

  it("sends a partial batch once the flush interval passed", async () => {
    const { events } = recorder({ flushIntervalMs: 150 });
    const before = Date.now();
    events.conversion({ eventKey: "signup", contextKey: "u1", value: 9.5 });
    events.exposure(exposure("u1"));
    await server.waitForRequests(1);
    // Not before the interval (timers may fire a little early, never much).
    expect(server.received[0]?.at ?? 0).toBeGreaterThanOrEqual(before + 140);
    const body = jsonBody(server.received[0]);
    expect(body.events).toEqual([
      {
        kind: "conversion",
        eventKey: "signup",
        contextKey: "u1",
        value: 9.5,
        ts: expect.any(Number),
      },
      { kind: "exposure", ...exposure("u1"), ts: expect.any(Number) },
    ]);
    expect(body.events[0].ts).toBeGreaterThanOrEqual(before);
    await events.close();
  });

  it("retries a 503 with the same batch id, and counts nothing as dropped", async () => {
    server.answerWith(503, 503);
    const { events, errors } = recorder();
    events.conversion({ eventKey: "click", contextKey: "u1" });
    await events.flush();
    expect(server.received).toHaveLength(3);
    const ids = server.received.map((request) => jsonBody(request).batchId);
    expect(new Set(ids).size).toBe(1);
    expect(ids[0]).toMatch(/\S{16,}/);
    expect(events.droppedCount).toBe(0);
    expect(errors).toEqual([]);
    await events.close();
  });

  it("does not retry a 400: the batch is dropped, counted and reported", async () => {
    server.answerWith(400);
    const { events, errors } = recorder();
    events.conversion({ eventKey: "click", contextKey: "u1" });
    events.conversion({ eventKey: "click", contextKey: "u2" });
    await events.flush();
    await sleep(50);
    expect(server.received).toHaveLength(1);
    expect(events.droppedCount).toBe(2);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(EventDeliveryError);
    expect(errors[0]?.dropped).toBe(2);
    expect(errors[0]?.message).toContain("HTTP 400: test server answered 400");
    expect(errors[0]?.message).toContain("refused, not retried");
  });

  it("gives up after maxAttempts on persistent 5xx, and the next batch still goes", async () => {
    server.answerWith(500, 502, 504);
    const { events, errors } = recorder({ maxAttempts: 3 });
    events.conversion({ eventKey: "a", contextKey: "u1" });
    await events.flush();
    expect(server.received).toHaveLength(3);
    expect(events.droppedCount).toBe(1);
    expect(errors[0]?.message).toMatch(/gave up after 3 attempts/);
    events.conversion({ eventKey: "b", contextKey: "u1" });
    await events.flush();
    expect(jsonBody(server.received[3]).events[0].eventKey).toBe("b");
  });

  it("retries when the server cannot be reached at all", async () => {
    const url = server.url;
    await server.close();
    const errors: EventDeliveryError[] = [];
    const events = createEventRecorder({
      sink: createHttpEventSink({ sdkKey: KEY, baseUrl: url, beacon: null }),
      retry: fastRetry,
      maxAttempts: 2,
      pageHide: null,
      onError: (error) => errors.push(error),
    });
    events.conversion({ eventKey: "a", contextKey: "u1" });
    await events.flush();
    expect(events.droppedCount).toBe(1);
    expect(errors[0]?.message).toMatch(/ECONNREFUSED.*gave up after 2 attempts/);
    server = await startEventServer();
  });

  it("bounds the buffer: the oldest events are dropped, counted and reported", async () => {
    const { events, errors } = recorder({ capacity: 5 });
    for (let i = 0; i < 8; i++) events.conversion({ eventKey: "e", contextKey: `u${i}` });
    expect(events.droppedCount).toBe(3);
    await events.flush();
    const sent = jsonBody(server.received[0]).events.map(
      (e: { contextKey: string }) => e.contextKey,
    );
    expect(sent).toEqual(["u3", "u4", "u5", "u6", "u7"]);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.dropped).toBe(3);
    expect(errors[0]?.message).toContain("event buffer (5) was full");
  });

  it("keeps recording while a batch waits out its backoff, within the bound", async () => {
    server.answerWith(503);
    const { events } = recorder({
      capacity: 3,
      batchSize: 2,
      retry: { initialMs: 100, maxMs: 100 },
    });
    events.conversion({ eventKey: "e", contextKey: "u0" });
    events.conversion({ eventKey: "e", contextKey: "u1" });
    await server.waitForRequests(1);
    for (let i = 2; i < 7; i++) events.conversion({ eventKey: "e", contextKey: `u${i}` });
    await events.flush();
    const batches = server.received.map((request) => jsonBody(request));
    expect(batches[1].batchId).toBe(batches[0].batchId);
    const delivered = batches
      .slice(1)
      .flatMap((b) => b.events.map((e: { contextKey: string }) => e.contextKey));
    expect(delivered).toEqual(["u0", "u1", "u4", "u5", "u6"]);
    expect(events.droppedCount).toBe(2);
  });

  it("deduplicates exposures per flag, variation and context", async () => {
    const { events } = recorder();
    for (let i = 0; i < 1_000; i++) events.exposure(exposure("u1"));
    events.exposure(exposure("u2"));
    events.exposure(exposure("u1", "c"));
    events.exposure({ ...exposure("u1"), flagKey: "banner", experimentKey: "banner-test" });
    for (let i = 0; i < 100; i++) events.exposure(exposure("u2"));
    await events.flush();
    const sent = jsonBody(server.received[0]).events.map(
      (e: { flagKey: string; variation: string; contextKey: string }) =>
        `${e.flagKey}/${e.variation}/${e.contextKey}`,
    );
    expect(sent).toEqual(["button/b/u1", "button/b/u2", "button/c/u1", "banner/b/u1"]);
  });

  it("forgets the least recently used contexts beyond the dedupe capacity", async () => {
    const { events } = recorder({ dedupeCapacity: 2 });
    events.exposure(exposure("u1"));
    events.exposure(exposure("u2"));
    events.exposure(exposure("u1")); // u1 is now the most recent
    events.exposure(exposure("u3")); // evicts u2
    events.exposure(exposure("u1")); // still remembered
    events.exposure(exposure("u2")); // forgotten: recorded again
    await events.flush();
    const sent = jsonBody(server.received[0]).events.map(
      (e: { contextKey: string }) => e.contextKey,
    );
    expect(sent).toEqual(["u1", "u2", "u3", "u2"]);
  });

  it("encodes MessagePack bodies that decode to the same batch", async () => {
    const events = createEventRecorder({
      sink: createHttpEventSink({
        sdkKey: KEY,
        baseUrl: server.url,
        encoding: msgpackEventEncoding,
        beacon: null,
      }),
      pageHide: null,
    });
    events.exposure(exposure("u1"));
    events.conversion({ eventKey: "buy", contextKey: "u1", value: 12 });
    await events.close();
    const request = server.received[0];
    expect(request?.headers["content-type"]).toBe("application/msgpack");
    const body = decode(request?.body ?? new Uint8Array()) as {
      batchId: string;
      events: unknown[];
    };
    expect(body.batchId).toEqual(expect.any(String));
    expect(body.events).toEqual([
      { kind: "exposure", ...exposure("u1"), ts: expect.any(Number) },
      { kind: "conversion", eventKey: "buy", contextKey: "u1", value: 12, ts: expect.any(Number) },
    ]);
  });

  it("close flushes everything, is idempotent, and later events are counted as dropped", async () => {
    const { events } = recorder({ batchSize: 2 });
    for (let i = 0; i < 5; i++) events.conversion({ eventKey: "e", contextKey: `u${i}` });
    const closing = events.close();
    expect(events.close()).toBe(closing);
    await closing;
    const delivered = server.received.flatMap((request) => jsonBody(request).events);
    expect(delivered).toHaveLength(5);
    events.conversion({ eventKey: "late", contextKey: "u9" });
    expect(events.droppedCount).toBe(1);
    await events.flush();
    expect(server.received.flatMap((request) => jsonBody(request).events)).toHaveLength(5);
  });

  it("close cuts a backoff short and gives each batch one last attempt", async () => {
    server.answerWith(503, 503);
    const warnings: string[] = [];
    const { events, errors } = recorder({
      retry: { initialMs: 60_000, maxMs: 60_000 },
      logger: { debug() {}, info() {}, warn: (message) => warnings.push(message), error() {} },
    });
    events.conversion({ eventKey: "e", contextKey: "u1" });
    void events.flush();
    // Once the first answer (503) came back, the batch is waiting out a 60 s backoff.
    while (!warnings.some((message) => message.includes("retrying"))) await sleep(5);
    const started = Date.now();
    await events.close();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(server.received).toHaveLength(2);
    expect(events.droppedCount).toBe(1);
    expect(errors[0]?.message).toContain("gave up after 2 attempts");
  });

  it("drops a malformed event alone instead of letting it spoil its batch", async () => {
    const { events, errors } = recorder();
    events.conversion({ eventKey: "", contextKey: "u1" });
    events.conversion({ eventKey: "ok", contextKey: "u1", value: Number.NaN });
    events.exposure({ ...exposure("u1"), flagVersion: -1 });
    events.conversion({ eventKey: "ok", contextKey: "u\u0000" });
    events.conversion({ eventKey: "ok", contextKey: "u1" });
    await events.flush();
    expect(jsonBody(server.received[0]).events).toHaveLength(1);
    expect(events.droppedCount).toBe(4);
    expect(errors.map((e) => e.message)).toEqual([
      'conversion "" not recorded: eventKey must be 1 to 256 characters, without NUL',
      'conversion "ok" not recorded: value must be a finite number',
      'exposure of flag "button" not recorded: flagVersion must be a non-negative integer',
      'conversion "ok" not recorded: contextKey must be 1 to 1024 characters, without NUL',
    ]);
  });

  it("never throws nor rejects, whatever the sink and the callbacks do", async () => {
    const events = createEventRecorder({
      sink: {
        name: "broken",
        send() {
          throw new Error("synchronous explosion");
        },
      },
      maxAttempts: 2,
      retry: fastRetry,
      pageHide: null,
      onError() {
        throw new Error("host callback explodes too");
      },
    });
    events.conversion({ eventKey: "e", contextKey: "u1" });
    await expect(events.flush()).resolves.toBeUndefined();
    expect(events.droppedCount).toBe(1);
    await expect(events.close()).resolves.toBeUndefined();
  });

  it("on page hide, hands the buffer to sendBeacon with ?key= and a text/plain body", async () => {
    let hide: () => void = () => {};
    const beaconed: Promise<Response>[] = [];
    const events = createEventRecorder({
      sink: createHttpEventSink({
        sdkKey: "cli-key/+",
        baseUrl: server.url,
        // What navigator.sendBeacon does: queue a text/plain POST and say it was accepted.
        beacon: (url, body) => {
          beaconed.push(
            fetch(url, {
              method: "POST",
              body,
              headers: { "content-type": "text/plain;charset=UTF-8" },
            }),
          );
          return true;
        },
      }),
      beaconBatchSize: 2,
      pageHide: (listener) => {
        hide = listener;
        return () => {
          hide = () => {};
        };
      },
    });
    for (let i = 0; i < 3; i++) events.conversion({ eventKey: "e", contextKey: `u${i}` });
    hide();
    await Promise.all(beaconed);
    expect(server.received).toHaveLength(2);
    expect(server.received[0]?.url).toBe("/sdk/v1/events?key=cli-key%2F%2B");
    expect(server.received[0]?.headers["content-type"]).toBe("text/plain;charset=UTF-8");
    expect(server.received[0]?.headers.authorization).toBeUndefined();
    expect(jsonBody(server.received[0]).events).toHaveLength(2);
    expect(jsonBody(server.received[1]).events).toHaveLength(1);
    await events.flush();
    expect(server.received).toHaveLength(2);
    await events.close();
    hide();
    expect(server.received).toHaveLength(2);
  });

  it("never puts a server-side key in a beacon URL: those events go by fetch", async () => {
    let hide: () => void = () => {};
    const beaconed: string[] = [];
    const events = createEventRecorder({
      sink: createHttpEventSink({
        sdkKey: "fs_server_0123456789abcdef_secret",
        baseUrl: server.url,
        beacon: (url) => {
          beaconed.push(url);
          return true;
        },
      }),
      pageHide: (listener) => {
        hide = listener;
        return () => {};
      },
    });
    events.conversion({ eventKey: "e", contextKey: "u1" });
    hide();
    await server.waitForRequests(1);
    expect(beaconed).toEqual([]);
    expect(server.received[0]?.url).toBe("/sdk/v1/events");
    expect(server.received[0]?.headers.authorization).toBe(
      "Bearer fs_server_0123456789abcdef_secret",
    );
    await events.close();
  });

  it("keeps what sendBeacon refuses and delivers it by fetch", async () => {
    let hide: () => void = () => {};
    const events = createEventRecorder({
      sink: createHttpEventSink({ sdkKey: KEY, baseUrl: server.url, beacon: () => false }),
      pageHide: (listener) => {
        hide = listener;
        return () => {};
      },
    });
    events.conversion({ eventKey: "e", contextKey: "u1" });
    hide();
    await server.waitForRequests(1);
    expect(server.received[0]?.url).toBe("/sdk/v1/events");
    expect(jsonBody(server.received[0]).events).toHaveLength(1);
    await events.close();
  });
});
