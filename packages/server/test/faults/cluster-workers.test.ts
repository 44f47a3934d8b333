/**
 * `flagswitch serve --workers 2` on the embedded SQLite database: two processes share the port,
 * each a replica; a change written through one reaches streams held by the other (the primary
 * relays it over IPC); a worker SIGKILLed is replaced and its clients reconnect.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createShop, PROD, type ShopFixture } from "../support/fixtures.js";
import { type HttpClient, httpClient } from "../support/http.js";
import { freshSqlite, type ProcessDatabase } from "../support/process-databases.js";
import { type ServerProcess, startServerProcess } from "../support/processes.js";
import { openSse, type SseConnection } from "../support/sse-client.js";

describe("serve --workers 2 on SQLite", () => {
  let database: ProcessDatabase;
  let cluster: ServerProcess;
  let api: HttpClient;
  let shop: ShopFixture;
  const streams: SseConnection[] = [];

  beforeAll(async () => {
    database = await freshSqlite();
    cluster = await startServerProcess({ dataDir: database.dataDir, workers: 2 });
    api = httpClient(cluster.url);
    shop = await createShop(api);
  });
  afterAll(async () => {
    for (const stream of streams) stream.close();
    await cluster?.stop();
    await database?.drop();
  });

  /** Streams on fresh connections: the primary deals them out to both workers in turn. */
  const openStreams = async (count: number) => {
    const opened = await Promise.all(
      Array.from({ length: count }, () =>
        openSse(`${cluster.url}/sdk/v1/stream`, { authorization: shop.serverKey }),
      ),
    );
    streams.push(...opened);
    await Promise.all(opened.map((stream) => stream.waitFor((event) => event.event === "put")));
    return opened;
  };

  const workerPids = () =>
    [...cluster.output().matchAll(/"pid":(\d+)[^\n]*Server listening/g)].map((match) =>
      Number(match[1]),
    );

  it("runs two workers and delivers a change made through either to every stream", async () => {
    expect(new Set(workerPids()).size).toBe(2);
    const opened = await openStreams(6);
    for (let round = 0; round < 4; round += 1) {
      const started = performance.now();
      const changed = await api.ok("POST", `${PROD}/flags/checkout/toggle`, {});
      await Promise.all(
        opened.map((stream) =>
          stream.waitFor((event) => Number(event.id) === changed.version, 2000),
        ),
      );
      expect(performance.now() - started).toBeLessThan(1000);
    }
    // Polls answered by either worker agree.
    const polls = await Promise.all(
      Array.from({ length: 6 }, () =>
        fetch(`${cluster.url}/sdk/v1/flags`, {
          headers: { authorization: shop.serverKey, connection: "close" },
        }).then((response) => response.json() as Promise<{ version: number }>),
      ),
    );
    expect(new Set(polls.map((poll) => poll.version)).size).toBe(1);
  });

  it("replaces a worker that dies; the other keeps serving", async () => {
    const [victim] = workerPids();
    process.kill(victim as number, "SIGKILL");
    await cluster.waitForOutput(/exited \(SIGKILL\); starting another/);
    // Meanwhile every poll is answered (by the survivor, then by both).
    for (let poll = 0; poll < 10; poll += 1) {
      const response = await fetch(`${cluster.url}/sdk/v1/flags`, {
        headers: { authorization: shop.serverKey, connection: "close" },
      });
      expect(response.status).toBe(200);
    }
    await expect.poll(() => new Set(workerPids()).size, { timeout: 10_000 }).toBe(3);
    const opened = await openStreams(4);
    const changed = await api.ok("POST", `${PROD}/flags/checkout/toggle`, {});
    await Promise.all(
      opened.map((stream) => stream.waitFor((event) => Number(event.id) === changed.version)),
    );
  });
});
