/**
 * POST /sdk/v1/evaluate (values only, client-side flags only, for browsers) and
 * POST /sdk/v1/events (validated batches, stored once per batch id), both with CORS.
 */
import { encode as encodeMsgpack } from "@msgpack/msgpack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countEvents } from "../src/db/repositories/events.js";
import { databases } from "./support/databases.js";
import { createShop, PROD, type ShopFixture } from "./support/fixtures.js";
import { startTestServer, type TestServer } from "./support/test-server.js";

describe.each(databases)("SDK evaluate and events on $name", (database) => {
  let t: TestServer;
  let shop: ShopFixture;
  let environmentId: string;
  beforeAll(async () => {
    t = await startTestServer(database);
    shop = await createShop(t);
    await t.ok("POST", `${PROD}/segments`, { key: "vips", included: ["alice@secret.example"] });
    await t.ok("PATCH", `${PROD}/flags/checkout`, {
      enabled: true,
      rules: [
        {
          id: "vip-rule",
          clauses: [{ attribute: "key", op: "inSegment", values: ["vips"] }],
          serve: { variation: 0 },
        },
      ],
      fallthrough: { variation: 1 },
    });
    await t.ok("POST", "/api/v1/projects/shop/flags", { key: "server-only" });
    await t.ok("POST", "/api/v1/projects/shop/flags", {
      key: "button",
      clientSide: true,
      variations: [
        { key: "a", value: "grey" },
        { key: "b", value: "blue" },
        { key: "c", value: "green" },
      ],
    });
    await t.ok("POST", `${PROD}/flags/button/rollout`, { split: { a: 34, b: 33, c: 33 } });
    await t.ok("POST", `${PROD}/flags/button/toggle`, { enabled: true });
    await t.ok("POST", "/api/v1/projects/shop/experiments", {
      key: "button-test",
      flag: "button",
      environment: "production",
      primaryMetric: { eventKey: "purchase", kind: "binomial" },
    });
    await t.ok("POST", "/api/v1/projects/shop/experiments/button-test/start");
    const environment = await t.server.services.db
      .selectFrom("environments")
      .select("id")
      .where("key", "=", "production")
      .executeTakeFirstOrThrow();
    environmentId = environment.id;
  });
  afterAll(async () => t?.close());

  it("evaluates client-side flags only and never sends rules or segment lists", async () => {
    const response = await t.request("POST", "/sdk/v1/evaluate", {
      token: shop.clientKey,
      body: { context: { key: "alice@secret.example" } },
    });
    expect(response.status).toBe(200);
    expect(Object.keys(response.body.flags).sort()).toEqual(["button", "checkout"]);
    expect(response.body.flags.checkout).toMatchObject({
      value: true,
      variationKey: "on",
      reason: { kind: "RULE_MATCH", ruleId: "vip-rule" },
    });
    expect(response.body).toMatchObject({ environment: "production", version: expect.any(Number) });
    for (const leaked of [
      "alice@secret.example",
      "clauses",
      "inSegment",
      "vips",
      "weights",
      "server-only",
    ]) {
      expect(response.text).not.toContain(leaked);
    }
    const stranger = await t.request("POST", "/sdk/v1/evaluate", {
      token: shop.clientKey,
      body: { context: { key: "bob" } },
    });
    expect(stranger.body.flags.checkout).toMatchObject({
      value: false,
      reason: { kind: "FALLTHROUGH" },
    });
  });

  it("marks experiment exposures with what an exposure event needs", async () => {
    const response = await t.request("POST", "/sdk/v1/evaluate", {
      token: shop.clientKey,
      body: { context: { key: "user-7" }, flags: ["button"] },
    });
    expect(Object.keys(response.body.flags)).toEqual(["button"]);
    const button = response.body.flags.button;
    expect(["a", "b", "c"]).toContain(button.variationKey);
    expect(button).toMatchObject({
      inExperiment: true,
      experimentKey: "button-test",
      version: expect.any(Number),
      reason: { kind: "FALLTHROUGH", inExperiment: true },
    });
    const again = await t.request("POST", "/sdk/v1/evaluate", {
      token: shop.clientKey,
      body: { context: { key: "user-7" } },
    });
    expect(again.body.flags.button.variationKey).toBe(button.variationKey);
  });

  it("answers browsers' CORS preflight and sets CORS headers, errors included", async () => {
    for (const path of ["/sdk/v1/evaluate", "/sdk/v1/events"]) {
      const preflight = await fetch(`${t.url}${path}`, {
        method: "OPTIONS",
        headers: {
          origin: "https://app.example",
          "access-control-request-method": "POST",
          "access-control-request-headers": "authorization, content-type",
        },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
      expect(preflight.headers.get("access-control-allow-headers")).toContain("authorization");
      expect(preflight.headers.get("access-control-allow-methods")).toContain("POST");
    }
    const ok = await t.request("POST", "/sdk/v1/evaluate", {
      token: shop.clientKey,
      body: { context: {} },
      headers: { origin: "https://app.example" },
    });
    expect(ok.headers.get("access-control-allow-origin")).toBe("*");
    const refused = await t.request("POST", "/sdk/v1/evaluate", {
      token: null,
      body: { context: {} },
      headers: { origin: "https://app.example" },
    });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("access-control-allow-origin")).toBe("*");
    const admin = await t.request("GET", "/api/v1/projects", {
      headers: { origin: "https://app.example" },
    });
    expect(admin.headers.get("access-control-allow-origin")).toBeNull();
  });

  const batch = (batchId: string | undefined, count: number) => ({
    ...(batchId ? { batchId } : {}),
    sdk: { name: "@flagswitch/sdk", version: "0.1.0" },
    events: Array.from({ length: count }, (_, index) =>
      index % 2 === 0
        ? {
            kind: "exposure",
            flagKey: "button",
            flagVersion: 3,
            variation: "b",
            contextKey: `user-${index}`,
            experimentKey: "button-test",
            ts: Date.now(),
          }
        : {
            kind: "conversion",
            eventKey: "checkout-completed",
            contextKey: `user-${index}`,
            value: 19.5,
            ts: new Date().toISOString(),
          },
    ),
  });

  it("stores a batch with 202, and a retried batch id only once", async () => {
    const before = await countEvents(t.server.services.db, environmentId);
    const first = await t.request("POST", "/sdk/v1/events", {
      token: shop.serverKey,
      body: batch("batch-1", 10),
    });
    expect(first.status).toBe(202);
    expect(first.body).toEqual({ accepted: 10, duplicate: false });
    const retried = await t.request("POST", "/sdk/v1/events", {
      token: shop.clientKey,
      body: batch("batch-1", 10),
    });
    expect(retried.status).toBe(202);
    expect(retried.body).toEqual({ accepted: 0, duplicate: true });
    const concurrent = await Promise.all(
      [1, 2, 3].map(() =>
        t.request("POST", "/sdk/v1/events", { token: shop.serverKey, body: batch("batch-2", 4) }),
      ),
    );
    expect(concurrent.map((response) => response.status)).toEqual([202, 202, 202]);
    expect(concurrent.filter((response) => !response.body.duplicate)).toHaveLength(1);
    const anonymous = await t.request("POST", "/sdk/v1/events", {
      token: shop.serverKey,
      body: batch(undefined, 2),
    });
    expect(anonymous.body.accepted).toBe(2);
    expect(await countEvents(t.server.services.db, environmentId)).toBe(before + 16);
    const stored = await t.server.services.db
      .selectFrom("events")
      .selectAll()
      .where("batch_id", "=", "batch-1")
      .orderBy("id")
      .execute();
    expect(stored[0]).toMatchObject({
      kind: "exposure",
      flag_key: "button",
      variation: "b",
      experiment_key: "button-test",
      context_key: "user-0",
      flag_version: 3,
    });
    expect(stored[1]).toMatchObject({
      kind: "conversion",
      event_key: "checkout-completed",
      value: 19.5,
    });
    expect(typeof stored[1]?.ts).toBe("number");
  });

  it("takes a beacon: text/plain JSON with the client-side key in the URL", async () => {
    const response = await fetch(`${t.url}/sdk/v1/events?key=${shop.clientKey}`, {
      method: "POST",
      headers: { "content-type": "text/plain;charset=UTF-8" },
      body: JSON.stringify(batch("beacon-1", 2)),
    });
    expect(response.status).toBe(202);
    const garbage = await fetch(`${t.url}/sdk/v1/events?key=${shop.clientKey}`, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "not json",
    });
    expect(garbage.status).toBe(400);
    // text/plain is accepted on this route only.
    const elsewhere = await fetch(`${t.url}/api/v1/projects`, {
      method: "POST",
      headers: { "content-type": "text/plain", authorization: `Bearer ${t.adminToken}` },
      body: JSON.stringify({ key: "sneaky" }),
    });
    expect(elsewhere.status).toBe(415);
  });

  it("takes a MessagePack batch, and answers a malformed one with a problem", async () => {
    const before = await countEvents(t.server.services.db, environmentId);
    const response = await fetch(`${t.url}/sdk/v1/events`, {
      method: "POST",
      headers: { "content-type": "application/msgpack", authorization: shop.serverKey },
      body: encodeMsgpack(batch("msgpack-1", 3)),
    });
    expect(response.status).toBe(202);
    expect(await countEvents(t.server.services.db, environmentId)).toBe(before + 3);
    const garbage = await fetch(`${t.url}/sdk/v1/events`, {
      method: "POST",
      headers: { "content-type": "application/msgpack", authorization: shop.serverKey },
      body: new Uint8Array([0xc1, 0xc1, 0xc1]),
    });
    expect(garbage.status).toBe(400);
    expect(garbage.headers.get("content-type")).toContain("application/problem+json");
  });
});
