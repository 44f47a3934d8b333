/**
 * Replicas as separate processes over one PostgreSQL database and Redis (TEST_DATABASE_URL,
 * TEST_REDIS_URL; each run uses its own database and Redis key prefix): a change on one reaches
 * the streams of another in under a second, a replica that starts later reads its documents from
 * the Redis mirror, and when a replica is SIGKILLed its SDK clients keep their flags and follow
 * the survivor without missing a change.
 */
import { randomBytes } from "node:crypto";
import { evaluate } from "@flagswitch/core";
import { createClient } from "redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { followWithFailover } from "../support/failover-stream.js";
import { createShop, PROD, type ShopFixture } from "../support/fixtures.js";
import { type HttpClient, httpClient } from "../support/http.js";
import { missingServices } from "../support/private-services.js";
import { freshPostgres, type ProcessDatabase } from "../support/process-databases.js";
import { type ServerProcess, startServerProcess } from "../support/processes.js";
import { openSse } from "../support/sse-client.js";

const skip = missingServices({ postgres: true, redis: true });

describe.skipIf(skip)(
  `replica processes over PostgreSQL and Redis${skip ? ` (${skip})` : ""}`,
  () => {
    let database: ProcessDatabase;
    let first: ServerProcess;
    let second: ServerProcess;
    let one: HttpClient;
    let two: HttpClient;
    let shop: ShopFixture;
    const started: ServerProcess[] = [];
    const prefix = `fs-test-${randomBytes(4).toString("hex")}`;

    const replica = async () => {
      const server = await startServerProcess({
        dataDir: database.dataDir,
        databaseUrl: database.databaseUrl,
        redisUrl: process.env.TEST_REDIS_URL,
        env: { FLAGSWITCH_REDIS_PREFIX: prefix },
      });
      started.push(server);
      return server;
    };

    beforeAll(async () => {
      database = await freshPostgres(process.env.TEST_DATABASE_URL as string);
      first = await replica();
      one = httpClient(first.url);
      shop = await createShop(one);
      second = await replica();
      two = httpClient(second.url);
    });
    afterAll(async () => {
      await Promise.all(started.map((server) => server.stop()));
      await database?.drop();
      const redis = createClient({ url: process.env.TEST_REDIS_URL as string });
      await redis.connect();
      await redis.del([`${prefix}:documents:versions`, `${prefix}:documents:bodies`]);
      await redis.close();
    });

    it("streams a change made on one replica to the other's clients in under a second", async () => {
      const stream = await openSse(`${second.url}/sdk/v1/stream`, {
        authorization: shop.serverKey,
      });
      try {
        await stream.waitFor((event) => event.event === "put");
        const delays: number[] = [];
        for (let round = 0; round < 5; round += 1) {
          const started = performance.now();
          const changed = await one.ok("POST", `${PROD}/flags/checkout/toggle`, {});
          await stream.waitFor(
            (event) => event.event === "patch" && Number(event.id) === changed.version,
            2000,
          );
          delays.push(performance.now() - started);
        }
        expect(Math.max(...delays)).toBeLessThan(1000);
        const polled = await two.request("GET", "/sdk/v1/flags", { token: shop.serverKey });
        const direct = await one.request("GET", "/sdk/v1/flags", { token: shop.serverKey });
        expect(polled.body).toEqual(direct.body);
      } finally {
        stream.close();
      }
    });

    it("starts a new replica from the documents mirrored in Redis, checked against the database", async () => {
      const third = await replica();
      const ready = await third.waitForOutput(
        /documents ready: (\d+) environment\(s\), (\d+) from the Redis mirror, (\d+) from the database/,
      );
      expect(Number(ready[2])).toBe(3);
      expect(Number(ready[3])).toBe(0);
      const three = httpClient(third.url);
      const served = await three.request("GET", "/sdk/v1/flags", { token: shop.serverKey });
      const truth = await one.request("GET", "/sdk/v1/flags", { token: shop.serverKey });
      expect(served.body).toEqual(truth.body);
      expect(served.headers.get("etag")).toBe(truth.headers.get("etag"));
      await third.stop();
    });

    it("keeps SDK clients of a SIGKILLed replica serving, then following the survivor without missing a change", async () => {
      const victim = await replica();
      // Several SDK instances on the replica about to die, each with both base URLs.
      const clients = Array.from({ length: 10 }, () =>
        followWithFailover([victim.url, second.url], shop.serverKey),
      );
      try {
        for (const client of clients) await client.waitUntil(() => client.document() !== undefined);
        const before = await one.ok("POST", `${PROD}/flags/checkout/toggle`, { enabled: true });
        for (const client of clients) {
          await client.waitUntil(
            () => client.document()?.flags.checkout?.version === before.version,
          );
        }

        await victim.kill();
        // While no stream is up, the clients keep evaluating from the flags they hold.
        for (const client of clients) {
          const held = client.document();
          expect(held && evaluate(held, "checkout", { key: "user-1" }).value).toBe(true);
        }
        // Changes land (through the other replicas) while the clients are reconnecting.
        const during = await one.ok("POST", `${PROD}/flags/checkout/toggle`, { enabled: false });
        await two.ok("POST", `${PROD}/segments`, { key: "failover-segment", included: ["ada"] });
        const after = await two.ok("POST", `${PROD}/flags/checkout/rollout`, { percentage: 30 });
        expect(during.version).toBeLessThan(after.version);

        const truth = await two.request("GET", "/sdk/v1/flags", { token: shop.serverKey });
        for (const client of clients) {
          await client.waitUntil(
            () => client.document()?.flags.checkout?.version === after.version,
          );
          expect(client.connections).toBeGreaterThanOrEqual(2);
          const fromSurvivor = client.received.filter((event) => event.url === second.url);
          // Resumed with Last-Event-ID: only what changed, not the whole document again.
          expect(fromSurvivor.map((event) => event.event)).not.toContain("put");
          expect(fromSurvivor.length).toBeGreaterThan(0);
          expect(client.document()?.flags).toEqual(truth.body.flags);
          expect(client.document()?.segments).toEqual(truth.body.segments);
          expect(Number(client.lastEventId)).toBe(truth.body.version);
        }
      } finally {
        for (const client of clients) client.close();
      }
    });
  },
);
