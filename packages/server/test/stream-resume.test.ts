/**
 * Resuming a stream with Last-Event-ID (what an SDK does when it reconnects, to the same server
 * or another replica): only what changed since that version, applied on top of what the client
 * held, gives the current document; a version the server cannot vouch for gets a whole `put`.
 * Also: a replica whose own write lands on top of a change it had not heard of tells its streams
 * about both.
 */
import { applyDelete, applyPatch, type FlagDocument, validateDocument } from "@flagswitch/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databases } from "./support/databases.js";
import { createShop, PROD, type ShopFixture } from "./support/fixtures.js";
import { openSse, type SseConnection, type SseEvent } from "./support/sse-client.js";
import { startTestServer, type TestServer } from "./support/test-server.js";

/** Applies stream events to a document, as an SDK does. */
function applyEvents(start: FlagDocument, events: SseEvent[]): FlagDocument {
  let document = start;
  for (const event of events) {
    if (event.event === "put") {
      const result = validateDocument(JSON.parse(event.data));
      if (!result.ok) throw new Error("invalid put");
      document = result.document;
    } else if (event.event === "patch" || event.event === "delete") {
      const result =
        event.event === "patch"
          ? applyPatch(document, JSON.parse(event.data))
          : applyDelete(document, JSON.parse(event.data));
      if (!result.ok) throw new Error(`${event.event} refused: ${event.data}`);
      document = result.document;
    }
  }
  return document;
}

describe.each(databases)("stream resumption on $name", (database) => {
  let t: TestServer;
  let shop: ShopFixture;
  const open: SseConnection[] = [];
  beforeAll(async () => {
    t = await startTestServer(database);
    shop = await createShop(t);
  });
  afterAll(async () => {
    for (const connection of open) connection.close();
    await t?.close();
  });

  const stream = async (server: TestServer, lastEventId?: number) => {
    const connection = await openSse(`${server.url}/sdk/v1/stream`, {
      authorization: shop.serverKey,
      ...(lastEventId === undefined ? {} : { "last-event-id": String(lastEventId) }),
    });
    open.push(connection);
    return connection;
  };

  const current = async (server: TestServer = t) =>
    (await server.request("GET", "/sdk/v1/flags", { token: shop.serverKey })).body;

  it("sends only what changed since Last-Event-ID, deletions included", async () => {
    await t.ok("POST", `${PROD}/segments`, { key: "doomed", included: ["ada"] });
    await t.ok("POST", "/api/v1/projects/shop/flags", { key: "archived-later" });
    const held = validateDocument(await current());
    if (!held.ok) throw new Error("invalid document");
    const since = held.document.version;

    await t.ok("POST", `${PROD}/flags/checkout/toggle`, { enabled: true });
    await t.ok("POST", "/api/v1/projects/shop/flags", { key: "added" });
    await t.ok("DELETE", `${PROD}/segments/doomed`);
    await t.ok("POST", "/api/v1/projects/shop/flags/archived-later/archive");
    await t.ok("POST", `${PROD}/segments`, { key: "fresh", included: ["bob"] });
    await t.ok("POST", `${PROD}/flags/checkout/rollout`, { percentage: 15 });
    const now = await current();

    const resumed = await stream(t, since);
    await resumed.waitUntil(() => resumed.lastEventId === String(now.version));
    const kinds = resumed.events.map((event) => event.event);
    expect(kinds).not.toContain("put");
    // One event per entity that changed: checkout (once, at its latest), added, fresh; two deletions.
    expect(kinds.filter((kind) => kind === "patch")).toHaveLength(3);
    expect(kinds.filter((kind) => kind === "delete")).toHaveLength(2);
    const rebuilt = applyEvents(held.document, resumed.events);
    expect(JSON.parse(JSON.stringify(rebuilt.flags))).toEqual(now.flags);
    expect(JSON.parse(JSON.stringify(rebuilt.segments))).toEqual(now.segments);
    // Ids only grow, and the last one is the current version.
    const ids = resumed.events.map((event) => Number(event.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  it("sends nothing but a comment when the client is current, then live changes", async () => {
    const now = await current();
    const resumed = await stream(t, now.version);
    await resumed.waitUntil(() => resumed.comments > 0);
    expect(resumed.events).toEqual([]);
    const changed = await t.ok("POST", `${PROD}/flags/checkout/toggle`, {});
    await resumed.waitFor(
      (event) => event.event === "patch" && Number(event.id) === changed.version,
    );
  });

  it("sends a whole put for a version it cannot vouch for, or a malformed Last-Event-ID", async () => {
    // A replica started now knows nothing of the versions before its start.
    const late = await startTestServer(database, {
      database: t.database,
      adminToken: t.adminToken,
    });
    try {
      const now = await current(late);
      for (const id of [1, "not-a-version"]) {
        const connection = await openSse(`${late.url}/sdk/v1/stream`, {
          authorization: shop.serverKey,
          "last-event-id": String(id),
        });
        open.push(connection);
        const put = await connection.waitFor((event) => event.event === "put");
        expect(JSON.parse(put.data).version).toBe(now.version);
      }
    } finally {
      await late.close();
    }
  });

  it("catches up from the database when the client saw a newer version elsewhere", async () => {
    // A second server on the same database, hearing nothing from the first (no shared feed).
    const behind = await startTestServer(database, {
      database: t.database,
      adminToken: t.adminToken,
    });
    try {
      const changed = await t.ok("POST", `${PROD}/flags/checkout/toggle`, {});
      expect((await current(behind)).version).toBeLessThan(changed.version);
      const resumed = await openSse(`${behind.url}/sdk/v1/stream`, {
        authorization: shop.serverKey,
        "last-event-id": String(changed.version),
      });
      open.push(resumed);
      await resumed.waitUntil(() => resumed.comments > 0);
      expect(resumed.events.filter((event) => event.event === "put")).toEqual([]);
      expect((await current(behind)).version).toBe(changed.version);
    } finally {
      await behind.close();
    }
  });

  it("tells streams about a change it had not heard of when its own write lands on top", async () => {
    const unaware = await startTestServer(database, {
      database: t.database,
      adminToken: t.adminToken,
    });
    try {
      const watching = await stream(unaware);
      const start = JSON.parse((await watching.waitFor((event) => event.event === "put")).data);
      const elsewhere = await t.ok("POST", `${PROD}/flags/checkout/rollout`, { percentage: 35 });
      const own = await unaware.ok("POST", `${PROD}/segments`, { key: "own", included: ["x"] });
      await watching.waitUntil(() => watching.lastEventId === String(own.version));
      const patches = watching.events
        .filter((event) => event.event === "patch")
        .map((event) => JSON.parse(event.data));
      expect(patches).toContainEqual(
        expect.objectContaining({
          key: "checkout",
          data: expect.objectContaining({ version: elsewhere.version }),
        }),
      );
      expect(patches).toContainEqual(expect.objectContaining({ kind: "segment", key: "own" }));
      const held = validateDocument(start);
      if (!held.ok) throw new Error("invalid put");
      const rebuilt = applyEvents(held.document, watching.events.slice(1));
      expect(JSON.parse(JSON.stringify(rebuilt.flags))).toEqual((await current(unaware)).flags);
    } finally {
      await unaware.close();
    }
  });
});
