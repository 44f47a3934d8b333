/**
 * Redis stopped and restarted under two replica processes (PostgreSQL from TEST_DATABASE_URL, a
 * private redis-server this test kills). While Redis is away each replica keeps serving SDKs
 * from its cache and accepting writes; when it returns, each catches up on what the other
 * committed meanwhile (the periodic check is set to a minute, so the catch-up seen here is the
 * one made on reconnection).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createShop, PROD, type ShopFixture } from "../support/fixtures.js";
import { type HttpClient, httpClient } from "../support/http.js";
import {
  missingServices,
  type PrivateRedis,
  startPrivateRedis,
} from "../support/private-services.js";
import { freshPostgres, type ProcessDatabase } from "../support/process-databases.js";
import { type ServerProcess, startServerProcess } from "../support/processes.js";
import { openSse, type SseConnection } from "../support/sse-client.js";

const skip = missingServices({ postgres: true, redisServer: true });

describe.skipIf(skip)(
  `Redis stopped and restarted under two replicas${skip ? ` (${skip})` : ""}`,
  () => {
    let database: ProcessDatabase;
    let redis: PrivateRedis;
    let first: ServerProcess;
    let second: ServerProcess;
    let one: HttpClient;
    let two: HttpClient;
    let shop: ShopFixture;
    const streams: SseConnection[] = [];

    beforeAll(async () => {
      database = await freshPostgres(process.env.TEST_DATABASE_URL as string);
      redis = await startPrivateRedis();
      const options = {
        dataDir: database.dataDir,
        databaseUrl: database.databaseUrl,
        redisUrl: redis.url,
        env: { FLAGSWITCH_RECONCILE_MS: "60000" },
      };
      first = await startServerProcess(options);
      one = httpClient(first.url);
      shop = await createShop(one);
      second = await startServerProcess(options);
      two = httpClient(second.url);
    });
    afterAll(async () => {
      for (const stream of streams) stream.close();
      await Promise.all([first?.stop(), second?.stop()]);
      await redis?.stop();
      await database?.drop();
    });

    const streamOf = async (server: ServerProcess, key: string) => {
      const stream = await openSse(`${server.url}/sdk/v1/stream`, { authorization: key });
      streams.push(stream);
      await stream.waitFor((event) => event.event === "put");
      return stream;
    };

    it("serves and accepts writes without Redis, then catches up both ways when it returns", async () => {
      const staging = await one.ok("POST", "/api/v1/keys", {
        kind: "server",
        name: "staging",
        project: "shop",
        environment: "staging",
      });
      // Each replica writes to its own environment, watched on the other replica.
      const productionOnSecond = await streamOf(second, shop.serverKey);
      const stagingOnFirst = await streamOf(first, staging.secret);

      await redis.kill();
      await expect
        .poll(async () => (await two.request("GET", "/readyz", { token: null })).body.changeFeed, {
          timeout: 5000,
        })
        .toBe("disconnected");

      // Writes on both replicas still commit: the database is up.
      const onOne = await one.ok("POST", `${PROD}/flags/checkout/toggle`, { enabled: true });
      const onTwo = await two.ok(
        "POST",
        "/api/v1/projects/shop/environments/staging/flags/checkout/toggle",
        { enabled: true },
      );
      // SDK reads are served from memory on both.
      for (const client of [one, two]) {
        const polled = await client.request("GET", "/sdk/v1/flags", { token: shop.serverKey });
        expect(polled.status).toBe(200);
      }
      // Without Redis the other replica's change does not arrive (yet).
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(productionOnSecond.events.filter((event) => event.event === "patch")).toEqual([]);
      expect(stagingOnFirst.events.filter((event) => event.event === "patch")).toEqual([]);

      const restarted = performance.now();
      await redis.restart();
      // Each replica hears what the other committed during the outage, as patches.
      const patchOf = (version: number) => (event: { event: string; data: string }) =>
        event.event === "patch" && JSON.parse(event.data).data.version === version;
      await productionOnSecond.waitFor(patchOf(onOne.version), 10_000);
      await stagingOnFirst.waitFor(patchOf(onTwo.version), 10_000);
      expect(performance.now() - restarted).toBeLessThan(8000);
      for (const key of [shop.serverKey, staging.secret]) {
        const a = await one.request("GET", "/sdk/v1/flags", { token: key });
        const b = await two.request("GET", "/sdk/v1/flags", { token: key });
        expect(a.body).toEqual(b.body);
      }

      // And the feed works live again.
      const live = await one.ok("POST", `${PROD}/flags/checkout/rollout`, { percentage: 40 });
      const started = performance.now();
      await productionOnSecond.waitFor((event) => Number(event.id) === live.version, 2000);
      expect(performance.now() - started).toBeLessThan(1000);
    });
  },
);
