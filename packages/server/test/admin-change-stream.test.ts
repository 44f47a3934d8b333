/**
 * GET /api/v1/changes/stream: one `change` event per committed write, with the actor, at once
 * for document writes (on every replica), within the sweep for the others; resumable with
 * Last-Event-ID; narrowed to a project-scoped token's project; ended when the token is revoked.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInProcessChangeFeed } from "../src/documents/change-feed.js";
import { CHANGE_STREAM_SWEEP_MS } from "../src/routes/admin/change-stream.js";
import { databases } from "./support/databases.js";
import { createShop, createToken, PROD } from "./support/fixtures.js";
import { openSse, type SseConnection, type SseEvent } from "./support/sse-client.js";
import { startTestServer, type TestServer } from "./support/test-server.js";

const STREAM = "/api/v1/changes/stream";

describe.each(databases)("admin change stream on $name", (database) => {
  let t: TestServer;
  let replica: TestServer;
  const open: SseConnection[] = [];
  beforeAll(async () => {
    const feed = createInProcessChangeFeed();
    t = await startTestServer(database, { feed, overrides: { heartbeatMs: 30 } });
    await createShop(t);
    replica = await startTestServer(database, {
      feed,
      database: t.database,
      adminToken: t.adminToken,
    });
  });
  afterAll(async () => {
    for (const connection of open) connection.close();
    await replica?.close();
    await t?.close();
  });

  async function stream(
    server: TestServer = t,
    token = t.adminToken,
    headers: Record<string, string> = {},
  ): Promise<SseConnection> {
    const connection = await openSse(`${server.url}${STREAM}`, {
      authorization: `Bearer ${token}`,
      ...headers,
    });
    open.push(connection);
    if (connection.status === 200) await connection.waitFor((event) => event.event === "ready");
    return connection;
  }

  const changes = (connection: SseConnection): Array<Record<string, unknown>> =>
    connection.events
      .filter((event) => event.event === "change")
      .map((event) => JSON.parse(event.data) as Record<string, unknown>);

  function changeOf(key: string, action: string) {
    return (event: SseEvent) =>
      event.event === "change" &&
      JSON.parse(event.data).key === key &&
      JSON.parse(event.data).action === action;
  }

  it("refuses a request without an admin token, or with an SDK key", async () => {
    const anonymous = await openSse(`${t.url}${STREAM}`, {});
    expect(anonymous.status).toBe(401);
    const shop = await t.ok("POST", "/api/v1/keys", {
      kind: "server",
      name: "not-admin",
      project: "shop",
      environment: "production",
    });
    const sdk = await openSse(`${t.url}${STREAM}`, { authorization: shop.secret });
    expect(sdk.status).toBe(403);
  });

  it("sends a flag write at once, with kind, project, environment, key, version and actor", async () => {
    const reader = await createToken(t, "reader");
    const writer = await createToken(t, "writer");
    const connection = await stream(t, reader);
    expect(connection.headers.get("content-type")).toContain("text/event-stream");
    const started = Date.now();
    const toggled = await t.ok("POST", `${PROD}/flags/checkout/toggle`, { enabled: true }, writer);
    const event = await connection.waitFor(changeOf("checkout", "flag.toggle"));
    expect(Date.now() - started).toBeLessThan(CHANGE_STREAM_SWEEP_MS);
    expect(JSON.parse(event.data)).toEqual({
      id: Number(event.id),
      at: expect.any(String),
      kind: "flag",
      action: "flag.toggle",
      key: "checkout",
      project: "shop",
      environment: "production",
      flag: "checkout",
      version: toggled.version,
      actor: { id: expect.any(String), name: "writer" },
    });
    // Only the writes after the stream opened: nothing from the set-up before it.
    expect(changes(connection)).toHaveLength(1);
  });

  it("sends each write once, in commit order", async () => {
    const connection = await stream();
    for (const enabled of [false, true, false]) {
      await t.ok("POST", `${PROD}/flags/checkout/toggle`, { enabled });
    }
    await connection.waitUntil(
      () => changes(connection).filter((change) => change.key === "checkout").length >= 3,
    );
    // Wait past one sweep: a repeated event would show up by then.
    await new Promise((resolve) => setTimeout(resolve, CHANGE_STREAM_SWEEP_MS + 200));
    const ids = changes(connection).map((change) => Number(change.id));
    expect(ids).toHaveLength(3);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    expect(changes(connection).map((change) => change.version)).toEqual(
      [...changes(connection).map((change) => change.version)].sort(
        (a, b) => Number(a) - Number(b),
      ),
    );
  });

  it("sends every one of many concurrent writes exactly once", async () => {
    const connection = await stream();
    // Different environments lock separately, so their transactions commit in any order.
    const writes = ["development", "staging", "production"].flatMap((environment) =>
      Array.from({ length: 8 }, (_, index) =>
        t.ok("POST", `/api/v1/projects/shop/environments/${environment}/segments`, {
          key: `concurrent-${index}`,
        }),
      ),
    );
    await Promise.all(writes);
    const created = () =>
      changes(connection).filter((change) => String(change.key).startsWith("concurrent-"));
    await connection.waitUntil(() => created().length >= writes.length);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const ids = created().map((change) => Number(change.id));
    expect(new Set(ids).size).toBe(writes.length);
    expect(ids).toHaveLength(writes.length);
  });

  it("sends a write made on another replica at once", async () => {
    const connection = await stream(t);
    const started = Date.now();
    await replica.ok("POST", `${PROD}/segments`, { key: "beta-testers", included: ["ada"] });
    const event = await connection.waitFor(changeOf("beta-testers", "segment.create"));
    expect(Date.now() - started).toBeLessThan(CHANGE_STREAM_SWEEP_MS);
    expect(JSON.parse(event.data)).toMatchObject({
      kind: "segment",
      project: "shop",
      environment: "production",
    });
  });

  it("sends writes that change no flag document within the sweep", async () => {
    const connection = await stream();
    await t.ok("PATCH", "/api/v1/projects/shop", { name: "The Shop" });
    const event = await connection.waitFor(
      (candidate) => candidate.event === "change" && JSON.parse(candidate.data).kind === "project",
      CHANGE_STREAM_SWEEP_MS + 2000,
    );
    expect(JSON.parse(event.data)).toMatchObject({ key: "shop", project: "shop" });
  });

  it("resumes after Last-Event-ID without losing or repeating a change", async () => {
    const first = await stream();
    await t.ok("POST", `${PROD}/flags/checkout/toggle`, { enabled: true });
    const seen = await first.waitFor(changeOf("checkout", "flag.toggle"));
    first.close();
    // Written while no stream was open.
    await t.ok("POST", "/api/v1/projects/shop/flags", { key: "while-away" });
    const resumed = await stream(t, t.adminToken, { "last-event-id": String(seen.id) });
    await resumed.waitFor(changeOf("while-away", "flag.create"));
    expect(changes(resumed).map((change) => change.key)).not.toContain("checkout");
  });

  it("shows a project-scoped token its project's changes only", async () => {
    await t.ok("POST", "/api/v1/projects", { key: "other", name: "Other" });
    const scoped = await createToken(t, "reader", "shop");
    const connection = await stream(t, scoped);
    await t.ok("POST", "/api/v1/projects/other/flags", { key: "elsewhere" });
    await t.ok("POST", "/api/v1/projects/shop/flags", { key: "here" });
    await connection.waitFor(changeOf("here", "flag.create"));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(changes(connection).map((change) => change.project)).toEqual(["shop"]);
  });

  it("ends the stream when its token is revoked", async () => {
    const created = await t.ok("POST", "/api/v1/keys", {
      kind: "admin",
      name: "short-lived",
      role: "reader",
    });
    const connection = await stream(t, created.secret);
    await t.ok("DELETE", `/api/v1/keys/${created.id}`);
    await connection.waitUntil(() => connection.closed);
  });

  it("keeps idle streams open with heartbeats", async () => {
    const connection = await stream();
    await connection.waitUntil(() => connection.comments >= 2);
    expect(connection.closed).toBe(false);
  });
});
