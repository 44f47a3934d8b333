/**
 * Two servers on one database, sharing a change feed, behave as replicas: a write on one reaches
 * the other's cache, its SDK polls and its streams; key changes too. (Across processes the feed
 * is Redis — issue 5; the interface and the follower are the same.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInProcessChangeFeed } from "../src/documents/change-feed.js";
import { databases } from "./support/databases.js";
import { createShop, PROD, type ShopFixture } from "./support/fixtures.js";
import { openSse } from "./support/sse-client.js";
import { startTestServer, type TestServer } from "./support/test-server.js";

describe.each(databases)("replicas sharing a feed on $name", (database) => {
  let first: TestServer;
  let second: TestServer;
  let shop: ShopFixture;
  beforeAll(async () => {
    const feed = createInProcessChangeFeed();
    first = await startTestServer(database, { feed });
    shop = await createShop(first);
    second = await startTestServer(database, {
      feed,
      database: first.database,
      adminToken: first.adminToken,
    });
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  it("starts with every document loaded from the database", async () => {
    const one = await first.request("GET", "/sdk/v1/flags", { token: shop.serverKey });
    const two = await second.request("GET", "/sdk/v1/flags", { token: shop.serverKey });
    expect(two.status).toBe(200);
    expect(two.body).toEqual(one.body);
    expect(two.headers.get("etag")).toBe(one.headers.get("etag"));
  });

  it("streams a write made on the other replica", async () => {
    const stream = await openSse(`${second.url}/sdk/v1/stream`, { authorization: shop.serverKey });
    try {
      await stream.waitFor((event) => event.event === "put");
      const started = Date.now();
      const changed = await first.ok("POST", `${PROD}/flags/checkout/toggle`, { enabled: true });
      const patch = await stream.waitFor(
        (event) => event.event === "patch" && Number(event.id) === changed.version,
      );
      expect(Date.now() - started).toBeLessThan(1000);
      expect(JSON.parse(patch.data).data.enabled).toBe(true);
      const polled = await second.request("GET", "/sdk/v1/flags", { token: shop.serverKey });
      expect(polled.body.flags.checkout.version).toBe(changed.version);
    } finally {
      stream.close();
    }
  });

  it("shares key changes: a key made on one works on the other, a revoked one stops", async () => {
    const key = await second.ok("POST", "/api/v1/keys", {
      kind: "server",
      name: "replicated",
      project: "shop",
      environment: "production",
    });
    await expect
      .poll(async () => (await first.request("GET", "/sdk/v1/flags", { token: key.secret })).status)
      .toBe(200);
    await first.ok("DELETE", `/api/v1/keys/${key.id}`);
    await expect
      .poll(
        async () => (await second.request("GET", "/sdk/v1/flags", { token: key.secret })).status,
      )
      .toBe(401);
  });
});
