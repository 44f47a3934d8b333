/**
 * Every kind of write leaves exactly one audit entry per changed resource, committed with it
 * (actor, action, resource, before, after, comment, request id, time); a refused write leaves
 * none. Rollback restores an earlier version as a new, audited version. Audit filters.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databases } from "./support/databases.js";
import { createShop, createToken, PROD, type ShopFixture } from "./support/fixtures.js";
import { type Json, startTestServer, type TestServer } from "./support/test-server.js";

interface AuditEntry {
  id: number;
  createdAt: string;
  actor: { id: string; name: string };
  action: string;
  resource: { type: string; key: string };
  project: string | null;
  environment: string | null;
  flag: string | null;
  before: Json;
  after: Json;
  comment: string | null;
  requestId: string;
}

describe.each(databases)("audit log on $name", (database) => {
  let t: TestServer;
  let shop: ShopFixture;
  let writerToken: string;
  beforeAll(async () => {
    t = await startTestServer(database);
    shop = await createShop(t);
    writerToken = await createToken(t, "writer", "shop");
    await t.ok("POST", "/api/v1/projects/shop/flags", {
      key: "abc",
      variations: [
        { key: "a", value: 1 },
        { key: "b", value: 2 },
        { key: "c", value: 3 },
      ],
    });
    // An experiment starts only on a rollout that splits traffic.
    await t.ok("POST", `${PROD}/flags/abc/rollout`, { split: { a: 34, b: 33, c: 33 } });
  });
  afterAll(async () => t?.close());

  async function entriesFor(requestId: string): Promise<AuditEntry[]> {
    const page = await t.ok("GET", "/api/v1/audit?limit=200");
    return (page.items as AuditEntry[]).filter((entry) => entry.requestId === requestId);
  }

  let counter = 0;
  async function write(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; entries: AuditEntry[]; body: Json }> {
    counter += 1;
    const requestId = `audit-case-${counter}`;
    const response = await t.request(method, path, {
      body,
      headers: { "x-request-id": requestId },
    });
    expect(response.headers.get("x-request-id")).toBe(requestId);
    return { status: response.status, entries: await entriesFor(requestId), body: response.body };
  }

  // Run in order: later cases use what earlier ones created.
  const cases: Array<{
    description: string;
    method: string;
    path: () => string;
    body?: () => unknown;
    expected: Array<[action: string, type: string, key: string]>;
  }> = [
    {
      description: "project create",
      method: "POST",
      path: () => "/api/v1/projects",
      body: () => ({ key: "blog", environments: [{ key: "live" }] }),
      expected: [
        ["project.create", "project", "blog"],
        ["environment.create", "environment", "live"],
      ],
    },
    {
      description: "project update",
      method: "PATCH",
      path: () => "/api/v1/projects/blog",
      body: () => ({ name: "Blog", comment: "rename" }),
      expected: [["project.update", "project", "blog"]],
    },
    {
      description: "environment create",
      method: "POST",
      path: () => "/api/v1/projects/blog/environments",
      body: () => ({ key: "preview" }),
      expected: [["environment.create", "environment", "preview"]],
    },
    {
      description: "environment update",
      method: "PATCH",
      path: () => "/api/v1/projects/blog/environments/preview",
      body: () => ({ name: "Preview" }),
      expected: [["environment.update", "environment", "preview"]],
    },
    {
      description: "environment delete",
      method: "DELETE",
      path: () => "/api/v1/projects/blog/environments/preview",
      expected: [["environment.delete", "environment", "preview"]],
    },
    {
      description: "project delete",
      method: "DELETE",
      path: () => "/api/v1/projects/blog",
      expected: [["project.delete", "project", "blog"]],
    },
    {
      description: "flag create",
      method: "POST",
      path: () => "/api/v1/projects/shop/flags",
      body: () => ({ key: "audited" }),
      expected: [["flag.create", "flag", "audited"]],
    },
    {
      description: "flag metadata update",
      method: "PATCH",
      path: () => "/api/v1/projects/shop/flags/audited",
      body: () => ({ description: "watched", clientSide: true }),
      expected: [["flag.update", "flag", "audited"]],
    },
    {
      description: "configuration update",
      method: "PATCH",
      path: () => `${PROD}/flags/audited`,
      body: () => ({ enabled: true, comment: "launch" }),
      expected: [["flag.update-configuration", "flag", "audited"]],
    },
    {
      description: "toggle",
      method: "POST",
      path: () => `${PROD}/flags/audited/toggle`,
      body: () => ({ enabled: false }),
      expected: [["flag.toggle", "flag", "audited"]],
    },
    {
      description: "rollout",
      method: "POST",
      path: () => `${PROD}/flags/audited/rollout`,
      body: () => ({ percentage: 10 }),
      expected: [["flag.rollout", "flag", "audited"]],
    },
    {
      description: "targets add",
      method: "POST",
      path: () => `${PROD}/flags/audited/targets/add`,
      body: () => ({ variation: "on", values: ["u1"] }),
      expected: [["flag.targets.add", "flag", "audited"]],
    },
    {
      description: "targets remove",
      method: "POST",
      path: () => `${PROD}/flags/audited/targets/remove`,
      body: () => ({ values: ["u1"] }),
      expected: [["flag.targets.remove", "flag", "audited"]],
    },
    {
      description: "copy",
      method: "POST",
      path: () => "/api/v1/projects/shop/flags/audited/copy",
      body: () => ({ from: "production", to: "staging" }),
      expected: [["flag.copy", "flag", "audited"]],
    },
    {
      description: "rollback",
      method: "POST",
      path: () => `${PROD}/flags/audited/rollback`,
      body: () => ({ toVersion: firstVersion }),
      expected: [["flag.rollback", "flag", "audited"]],
    },
    {
      description: "archive",
      method: "POST",
      path: () => "/api/v1/projects/shop/flags/audited/archive",
      expected: [["flag.archive", "flag", "audited"]],
    },
    {
      description: "unarchive",
      method: "POST",
      path: () => "/api/v1/projects/shop/flags/audited/unarchive",
      expected: [["flag.unarchive", "flag", "audited"]],
    },
    {
      description: "segment create",
      method: "POST",
      path: () => `${PROD}/segments`,
      body: () => ({ key: "beta", included: ["u1"] }),
      expected: [["segment.create", "segment", "beta"]],
    },
    {
      description: "segment update",
      method: "PATCH",
      path: () => `${PROD}/segments/beta`,
      body: () => ({ excluded: ["u2"] }),
      expected: [["segment.update", "segment", "beta"]],
    },
    {
      description: "segment delete",
      method: "DELETE",
      path: () => `${PROD}/segments/beta`,
      expected: [["segment.delete", "segment", "beta"]],
    },
    {
      description: "experiment create",
      method: "POST",
      path: () => "/api/v1/projects/shop/experiments",
      body: () => ({
        key: "exp",
        flag: "abc",
        environment: "production",
        primaryMetric: { eventKey: "purchase", kind: "binomial" },
      }),
      expected: [
        ["flag.experiment", "flag", "abc"],
        ["experiment.create", "experiment", "exp"],
      ],
    },
    {
      description: "experiment update",
      method: "PATCH",
      path: () => "/api/v1/projects/shop/experiments/exp",
      body: () => ({ hypothesis: "c wins" }),
      expected: [["experiment.update", "experiment", "exp"]],
    },
    {
      description: "experiment start",
      method: "POST",
      path: () => "/api/v1/projects/shop/experiments/exp/start",
      expected: [
        ["flag.experiment", "flag", "abc"],
        ["experiment.start", "experiment", "exp"],
      ],
    },
    {
      description: "experiment stop",
      method: "POST",
      path: () => "/api/v1/projects/shop/experiments/exp/stop",
      expected: [
        ["flag.experiment", "flag", "abc"],
        ["experiment.stop", "experiment", "exp"],
      ],
    },
    {
      description: "experiment delete",
      method: "DELETE",
      path: () => "/api/v1/projects/shop/experiments/exp",
      expected: [
        ["flag.experiment", "flag", "abc"],
        ["experiment.delete", "experiment", "exp"],
      ],
    },
    {
      description: "key create",
      method: "POST",
      path: () => "/api/v1/keys",
      body: () => ({ kind: "client", name: "mobile", project: "shop", environment: "production" }),
      expected: [["key.create", "key", "*"]],
    },
    {
      description: "key rotate",
      method: "POST",
      path: () => `/api/v1/keys/${shop.clientKeyId}/rotate`,
      body: () => ({}),
      expected: [
        ["key.create", "key", "*"],
        ["key.rotate", "key", "*"],
      ],
    },
    {
      description: "key rotate with grace",
      method: "POST",
      path: () => `/api/v1/keys/${shop.serverKeyId}/rotate`,
      body: () => ({ gracePeriodSeconds: 60 }),
      expected: [
        ["key.create", "key", "*"],
        ["key.expire", "key", "*"],
      ],
    },
    {
      description: "key revoke",
      method: "DELETE",
      path: () => `/api/v1/keys/${shop.serverKeyId}`,
      expected: [["key.revoke", "key", "*"]],
    },
    {
      description: "flag delete",
      method: "DELETE",
      path: () => "/api/v1/projects/shop/flags/audited",
      expected: [["flag.delete", "flag", "audited"]],
    },
  ];
  let firstVersion = 0;

  it.each(cases)("records $description", async ({ method, path, body, expected, description }) => {
    if (description === "flag create") firstVersion = 0;
    const result = await write(method, path(), body?.());
    expect(result.status, JSON.stringify(result.body)).toBeLessThan(300);
    if (description === "flag create") {
      firstVersion = (await t.ok("GET", `${PROD}/flags/audited`)).version;
    }
    const actual = result.entries
      .map((entry) => [
        entry.action,
        entry.resource.type,
        expected.some(([, , key]) => key === "*") ? "*" : entry.resource.key,
      ])
      .sort();
    // A project-wide change writes one entry per resource, not per environment.
    expect(actual).toEqual([...expected].sort());
    for (const entry of result.entries) {
      expect(entry.actor.name).toBe("first admin token");
      expect(Date.parse(entry.createdAt)).not.toBeNaN();
      expect(entry.before !== null || entry.after !== null).toBe(true);
    }
  });

  it("stores the comment, the actor and before/after of a change", async () => {
    const response = await t.request("POST", `${PROD}/flags/checkout/toggle`, {
      token: writerToken,
      body: { enabled: true, comment: "launch day" },
      headers: { "x-request-id": "with-comment" },
    });
    expect(response.status).toBe(200);
    const [entry] = await entriesFor("with-comment");
    expect(entry).toMatchObject({
      action: "flag.toggle",
      comment: "launch day",
      project: "shop",
      environment: "production",
      flag: "checkout",
      actor: { name: "writer@shop" },
    });
    expect(entry?.before.enabled).toBe(false);
    expect(entry?.after.enabled).toBe(true);
    expect(entry?.after.version).toBeGreaterThan(entry?.before.version);
  });

  it("records nothing for a refused write, and changes nothing", async () => {
    const before = await t.ok("GET", `${PROD}/flags/checkout`);
    const response = await t.request("PATCH", `${PROD}/flags/checkout`, {
      body: { offVariation: 7 },
      headers: { "x-request-id": "refused" },
    });
    expect(response.status).toBe(422);
    expect(await entriesFor("refused")).toEqual([]);
    expect(await t.ok("GET", `${PROD}/flags/checkout`)).toEqual(before);
    const versions = await t.ok("GET", `${PROD}/flags/checkout/versions?limit=1`);
    expect(versions.items[0].version).toBe(before.version);
  });

  it("rolls back to an earlier version as a new version, itself audited", async () => {
    await t.ok("POST", "/api/v1/projects/shop/flags", { key: "history" });
    const v1 = await t.ok("GET", `${PROD}/flags/history`);
    await t.ok("PATCH", `${PROD}/flags/history`, {
      enabled: true,
      targets: [{ variation: 0, values: ["vip"] }],
    });
    const v3 = await t.ok("POST", `${PROD}/flags/history/rollout`, { percentage: 50 });
    const response = await t.request("POST", `${PROD}/flags/history/rollback`, {
      body: { toVersion: v1.version, comment: "undo launch" },
      headers: { "x-request-id": "rollback-1" },
    });
    expect(response.status).toBe(200);
    const restored = response.body;
    expect(restored.version).toBeGreaterThan(v3.version);
    const { version: _v1, updatedAt: _u1, ...v1Config } = v1;
    const { version: _r, updatedAt: _ur, ...restoredConfig } = restored;
    expect(restoredConfig).toEqual(v1Config);
    const [entry] = await entriesFor("rollback-1");
    expect(entry).toMatchObject({ action: "flag.rollback", comment: "undo launch" });
    expect(entry?.before.fallthrough).toEqual({ rollout: { weights: [50000, 50000] } });
    expect(entry?.after.fallthrough).toEqual({ variation: 0 });
    const document = await t.ok("GET", "/api/v1/projects/shop/environments/production/document");
    expect(document.flags.history.version).toBe(restored.version);
    expect(document.flags.history.targets).toEqual([]);
    const versions = await t.ok("GET", `${PROD}/flags/history/versions`);
    expect(versions.items[0].version).toBe(restored.version);
    const rollbackOfRollback = await t.ok("POST", `${PROD}/flags/history/rollback`, {
      toVersion: v3.version,
    });
    expect(rollbackOfRollback.fallthrough).toEqual({ rollout: { weights: [50000, 50000] } });
    const unknown = await t.request("POST", `${PROD}/flags/history/rollback`, {
      body: { toVersion: 999999 },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0].field).toBe("toVersion");
  });

  it("filters by project, environment, flag, actor, action and time range, newest first, in pages", async () => {
    const all = await t.ok("GET", "/api/v1/audit?limit=200");
    const ids = all.items.map((entry: AuditEntry) => entry.id);
    expect(ids).toEqual([...ids].sort((a: number, b: number) => b - a));
    const byFlag = await t.ok("GET", "/api/v1/audit?flag=history&limit=200");
    expect(byFlag.items.length).toBeGreaterThanOrEqual(5);
    expect(byFlag.items.every((entry: AuditEntry) => entry.flag === "history")).toBe(true);
    const byEnvironment = await t.ok(
      "GET",
      "/api/v1/audit?project=shop&environment=staging&limit=200",
    );
    expect(byEnvironment.items.length).toBeGreaterThan(0);
    expect(
      byEnvironment.items.every(
        (entry: AuditEntry) => entry.environment === "staging" && entry.project === "shop",
      ),
    ).toBe(true);
    const byActor = await t.ok("GET", "/api/v1/audit?actor=writer@shop");
    expect(byActor.items.map((entry: AuditEntry) => entry.requestId)).toEqual(["with-comment"]);
    const byAction = await t.ok("GET", "/api/v1/audit?action=flag.rollback&limit=200");
    expect(byAction.items.every((entry: AuditEntry) => entry.action === "flag.rollback")).toBe(
      true,
    );
    const newest = all.items[0] as AuditEntry;
    const future = await t.ok(
      "GET",
      `/api/v1/audit?from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`,
    );
    expect(future.items).toEqual([]);
    const untilNewest = await t.ok(
      "GET",
      `/api/v1/audit?to=${encodeURIComponent(newest.createdAt)}&limit=200`,
    );
    expect(untilNewest.items.every((entry: AuditEntry) => entry.createdAt < newest.createdAt)).toBe(
      true,
    );
    const first = await t.ok("GET", "/api/v1/audit?limit=3");
    const second = await t.ok("GET", `/api/v1/audit?limit=3&cursor=${first.nextCursor}`);
    expect(second.items[0].id).toBeLessThan(first.items[2].id);
    const scoped = await t.request("GET", "/api/v1/audit?limit=200", { token: writerToken });
    expect(scoped.body.items.every((entry: AuditEntry) => entry.project === "shop")).toBe(true);
    expect(
      (await t.request("GET", "/api/v1/audit?project=blog", { token: writerToken })).status,
    ).toBe(403);
  });
});
