/**
 * Nothing the client starts keeps Node alive after close(): every timer is unref'd or cleared,
 * every connection closed. Node lists what keeps its event loop alive in
 * `process.getActiveResourcesInfo()`; after close() that list must be back to where it started.
 */
import "./support/no-unhandled-rejections.js";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import {
  createClient,
  createFileCache,
  createFileSource,
  createPollingSource,
  createStreamingSource,
  silentLogger,
} from "../src/node.js";
import { bannerDocument } from "./support/documents.js";
import { FlagServer } from "./support/flag-server.js";
import { sleep, waitFor } from "./support/wait.js";

function aliveCounts(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const kind of process.getActiveResourcesInfo())
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return counts;
}

it("leaves no timer, watcher or connection keeping the process alive after close()", async () => {
  const server = await FlagServer.start(bannerDocument(1, "one"));
  const directory = mkdtempSync(join(tmpdir(), "flagswitch-lifecycle-"));
  const path = join(directory, "flags.json");
  writeFileSync(path, JSON.stringify(bannerDocument(1, "file")));
  try {
    await sleep(20);
    const before = aliveCounts();
    const client = createClient({
      sdkKey: "test-key",
      baseUrl: server.url,
      source: [
        createStreamingSource({ heartbeatTimeoutMs: 60_000 }),
        createPollingSource({ intervalMs: 60_000 }),
        createFileSource({ path, statIntervalMs: 60_000 }),
      ],
      cache: createFileCache(join(directory, "cache.json")),
      events: { flushIntervalMs: 60_000 },
      pollIntervalMs: 60_000,
      logger: silentLogger,
    });
    expect(await client.ready({ timeoutMs: 60_000 })).toBe("ready");
    await waitFor("an open stream", () => server.openStreams === 1);
    client.track("signup", { key: "u" });
    // While it runs, its timers (poll, heartbeat, stat poll, event flush) are all unref'd.
    expect(aliveCounts().get("Timeout") ?? 0).toBeLessThanOrEqual(before.get("Timeout") ?? 0);
    // The streaming connection itself is the one thing allowed to keep a running client alive.
    await client.close();
    await waitFor("the stream to close on the server", () => server.openStreams === 0);
    await sleep(50);
    const after = aliveCounts();
    for (const [kind, count] of after) {
      if (kind === "TCPSocketWrap" || kind === "TCPServerWrap") continue; // the test server's own
      expect({ kind, count }).toEqual({ kind, count: Math.min(count, before.get(kind) ?? 0) });
    }
    expect(after.get("Timeout") ?? 0).toBeLessThanOrEqual(before.get("Timeout") ?? 0);
  } finally {
    await server.stop();
    rmSync(directory, { recursive: true, force: true });
  }
});

it("leaves none of eventsource's own reconnect timers behind while a stream keeps failing", async () => {
  const dead = `http://127.0.0.1:${await FlagServer.freePort()}`;
  const server = await FlagServer.start(bannerDocument(1, "one"));
  server.stream = { kind: "status", status: 503 };
  await sleep(20);
  const before = aliveCounts();
  let failures = 0;
  const client = createClient({
    sdkKey: "test-key",
    baseUrl: [dead, server.url],
    source: createStreamingSource({ retry: { initialMs: 5, maxMs: 20 }, fallback: false }),
    events: false,
    logger: silentLogger,
  });
  client.on("error", () => failures++);
  try {
    await waitFor("several failed connections", () => failures >= 6);
    await sleep(10);
    expect(aliveCounts().get("Timeout") ?? 0).toBeLessThanOrEqual(before.get("Timeout") ?? 0);
  } finally {
    await client.close();
    await server.stop();
  }
});

it("keeps the process alive while someone awaits ready(), and not after", async () => {
  const dead = `http://127.0.0.1:${await FlagServer.freePort()}`;
  await sleep(20);
  const before = aliveCounts().get("Timeout") ?? 0;
  const client = createClient({
    sdkKey: "test-key",
    baseUrl: dead,
    events: false,
    logger: silentLogger,
  });
  const waiting = client.ready({ timeoutMs: 150 });
  // A script doing `await client.ready()` with nothing else to do must not exit before it resolves.
  expect(aliveCounts().get("Timeout") ?? 0).toBe(before + 1);
  expect(await waiting).toBe("failed");
  expect(aliveCounts().get("Timeout") ?? 0).toBeLessThanOrEqual(before);
  const abandoned = client.ready({ timeoutMs: 60_000 });
  await client.close();
  expect(await abandoned).toBe("failed");
  expect(aliveCounts().get("Timeout") ?? 0).toBeLessThanOrEqual(before);
});
