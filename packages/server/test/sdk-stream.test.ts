/**
 * GET /sdk/v1/stream: `put` on connect, `patch`/`delete` for each change, ids = document
 * versions, heartbeats, and streams that end when their key or environment goes away.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databases } from "./support/databases.js";
import { createShop, PROD, type ShopFixture } from "./support/fixtures.js";
import { openSse, type SseConnection } from "./support/sse-client.js";
import { startTestServer, type TestServer } from "./support/test-server.js";

describe.each(databases)("SDK stream on $name", (database) => {
  let t: TestServer;
  let shop: ShopFixture;
  const open: SseConnection[] = [];
  beforeAll(async () => {
    t = await startTestServer(database, { overrides: { heartbeatMs: 30 } });
    shop = await createShop(t);
  });
  afterAll(async () => {
    for (const connection of open) connection.close();
    await t?.close();
  });

  async function stream(key = shop.serverKey): Promise<SseConnection> {
    const connection = await openSse(`${t.url}/sdk/v1/stream`, { authorization: key });
    open.push(connection);
    return connection;
  }

  it("sends the whole document as `put` on connect, with the version as id", async () => {
    const connection = await stream();
    expect(connection.status).toBe(200);
    expect(connection.headers.get("content-type")).toContain("text/event-stream");
    const put = await connection.waitFor((event) => event.event === "put");
    const document = JSON.parse(put.data);
    expect(document).toMatchObject({ schemaVersion: 1, environment: "production" });
    expect(put.id).toBe(String(document.version));
    expect(document.flags.checkout).toBeDefined();
  });

  it("sends a `patch` for each flag or segment change, and `delete` when one goes", async () => {
    const connection = await stream();
    await connection.waitFor((event) => event.event === "put");
    const toggled = await t.ok("POST", `${PROD}/flags/checkout/toggle`, { enabled: true });
    const flagPatch = await connection.waitFor(
      (event) => event.event === "patch" && JSON.parse(event.data).key === "checkout",
    );
    expect(JSON.parse(flagPatch.data)).toEqual({
      kind: "flag",
      key: "checkout",
      data: expect.objectContaining({ key: "checkout", enabled: true, version: toggled.version }),
    });
    expect(flagPatch.id).toBe(String(toggled.version));

    const segment = await t.ok("POST", `${PROD}/segments`, { key: "staff", included: ["ada"] });
    const segmentPatch = await connection.waitFor(
      (event) => event.event === "patch" && JSON.parse(event.data).kind === "segment",
    );
    expect(JSON.parse(segmentPatch.data)).toEqual({
      kind: "segment",
      key: "staff",
      data: { key: "staff", version: segment.version, included: ["ada"], excluded: [], rules: [] },
    });

    await t.ok("DELETE", `${PROD}/segments/staff`);
    const segmentDelete = await connection.waitFor((event) => event.event === "delete");
    const deleted = JSON.parse(segmentDelete.data);
    expect(deleted).toEqual({ kind: "segment", key: "staff", version: Number(segmentDelete.id) });
    expect(deleted.version).toBeGreaterThan(segment.version);

    await t.ok("POST", "/api/v1/projects/shop/flags/checkout/archive");
    const flagDelete = await connection.waitFor(
      (event) => event.event === "delete" && JSON.parse(event.data).kind === "flag",
    );
    expect(JSON.parse(flagDelete.data)).toMatchObject({ kind: "flag", key: "checkout" });
    await t.ok("POST", "/api/v1/projects/shop/flags/checkout/unarchive");
    const back = await connection.waitFor(
      (event) =>
        event.event === "patch" &&
        JSON.parse(event.data).key === "checkout" &&
        Number(event.id) > Number(flagDelete.id),
    );
    expect(JSON.parse(back.data).data.version).toBeGreaterThan(JSON.parse(flagDelete.data).version);

    const ids = connection.events.map((event) => Number(event.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  it("sends nothing for changes in other environments", async () => {
    const connection = await stream();
    await connection.waitFor((event) => event.event === "put");
    await t.ok("POST", "/api/v1/projects/shop/environments/staging/flags/checkout/toggle", {});
    await t.ok("POST", `${PROD}/flags/checkout/rollout`, { percentage: 5 });
    const patches = () => connection.events.filter((event) => event.event === "patch");
    await connection.waitUntil(() => patches().length > 0);
    expect(patches()).toHaveLength(1);
    expect(JSON.parse(patches()[0]?.data ?? "{}").data.fallthrough).toEqual({
      rollout: { weights: [5000, 95000] },
    });
  });

  it("keeps the stream alive with heartbeat comments", async () => {
    const connection = await stream();
    await connection.waitUntil(() => connection.comments >= 2, 2000);
    expect(connection.closed).toBe(false);
  });

  it("delivers one write to many streams", async () => {
    const connections = await Promise.all(Array.from({ length: 20 }, () => stream()));
    await Promise.all(
      connections.map((connection) => connection.waitFor((event) => event.event === "put")),
    );
    const changed = await t.ok("POST", `${PROD}/flags/checkout/targets/add`, {
      variation: "on",
      values: ["fan-out"],
    });
    await Promise.all(
      connections.map((connection) =>
        connection.waitFor(
          (event) => event.event === "patch" && Number(event.id) === changed.version,
        ),
      ),
    );
  });

  it("ends the streams of a revoked key", async () => {
    const key = await t.ok("POST", "/api/v1/keys", {
      kind: "server",
      name: "short-lived",
      project: "shop",
      environment: "production",
    });
    const connection = await stream(key.secret);
    await connection.waitFor((event) => event.event === "put");
    await t.ok("DELETE", `/api/v1/keys/${key.id}`);
    await connection.waitUntil(() => connection.closed);
    expect((await stream(key.secret)).status).toBe(401);
  });

  it("ends the streams of a deleted environment", async () => {
    await t.ok("POST", "/api/v1/projects/shop/environments", { key: "doomed" });
    const key = await t.ok("POST", "/api/v1/keys", {
      kind: "server",
      name: "doomed",
      project: "shop",
      environment: "doomed",
    });
    const connection = await stream(key.secret);
    await connection.waitFor((event) => event.event === "put");
    await t.ok("DELETE", "/api/v1/projects/shop/environments/doomed");
    await connection.waitUntil(() => connection.closed);
  });
});
