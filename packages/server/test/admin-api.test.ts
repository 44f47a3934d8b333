/**
 * The admin API end to end on a real server: projects, environments, flags and their
 * configuration, convenience actions, segments, experiments, keys, pagination and filters,
 * If-Match conflicts and Idempotency-Key retries.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databases } from "./support/databases.js";
import { createShop, PROD, type ShopFixture } from "./support/fixtures.js";
import { startTestServer, type TestServer } from "./support/test-server.js";

describe.each(databases)("admin API on $name", (database) => {
  let t: TestServer;
  let shop: ShopFixture;
  beforeAll(async () => {
    t = await startTestServer(database);
    shop = await createShop(t);
  });
  afterAll(async () => t?.close());

  const documentOf = async () =>
    (await t.request("GET", "/sdk/v1/flags", { token: shop.serverKey })).body;

  it("creates a project with the default environments, each with an empty published document", async () => {
    const project = await t.ok("GET", "/api/v1/projects/shop");
    expect(project.environments.map((environment: { key: string }) => environment.key)).toEqual([
      "development",
      "staging",
      "production",
    ]);
    const created = await t.ok("POST", "/api/v1/projects", {
      key: "blog",
      environments: [{ key: "live", name: "Live" }],
    });
    expect(created.environments).toHaveLength(1);
    const document = await t.ok("GET", "/api/v1/projects/blog/environments/live/document");
    expect(document).toMatchObject({
      schemaVersion: 1,
      environment: "live",
      flags: {},
      segments: {},
    });
    const duplicate = await t.request("POST", "/api/v1/projects", { body: { key: "blog" } });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.errors[0]).toMatchObject({ field: "key", in: "body" });
  });

  it("adds an environment later and gives it every existing flag, off", async () => {
    await t.ok("POST", "/api/v1/projects/shop/flags", {
      key: "color",
      variations: [
        { key: "red", value: "red" },
        { key: "blue", value: "blue" },
      ],
    });
    const environment = await t.ok("POST", "/api/v1/projects/shop/environments", {
      key: "qa",
      name: "QA",
    });
    expect(environment.key).toBe("qa");
    const config = await t.ok("GET", "/api/v1/projects/shop/environments/qa/flags/color");
    expect(config.enabled).toBe(false);
    expect(config.variations.map((variation: { key: string }) => variation.key)).toEqual([
      "red",
      "blue",
    ]);
    const removed = await t.request("DELETE", "/api/v1/projects/shop/environments/qa", {
      body: { comment: "not needed" },
    });
    expect(removed.status).toBe(204);
    expect((await t.request("GET", "/api/v1/projects/shop/environments/qa")).status).toBe(404);
  });

  it("creates a boolean flag by default: off everywhere, off serves false, on serves true", async () => {
    const flag = await t.ok("POST", "/api/v1/projects/shop/flags", {
      key: "banner",
      tags: ["Marketing"],
    });
    expect(flag.tags).toEqual(["marketing"]);
    expect(Object.keys(flag.environments)).toEqual(["development", "staging", "production"]);
    const config = await t.ok("GET", `${PROD}/flags/banner`);
    expect(config).toMatchObject({
      enabled: false,
      offVariation: 1,
      fallthrough: { variation: 0 },
    });
    expect(config.variations).toEqual([
      { key: "on", value: true },
      { key: "off", value: false },
    ]);
  });

  it("changes a flag's configuration and publishes it in the SDK document", async () => {
    const updated = await t.ok("PATCH", `${PROD}/flags/checkout`, {
      enabled: true,
      rules: [
        {
          id: "staff",
          clauses: [{ attribute: "email", op: "endsWith", values: ["@shop.test"] }],
          serve: { variation: 0 },
        },
      ],
      fallthrough: { variation: 1 },
      salt: "checkout-2025",
    });
    expect(updated.enabled).toBe(true);
    const document = await documentOf();
    expect(document.flags.checkout).toMatchObject({
      enabled: true,
      salt: "checkout-2025",
      clientSide: true,
      version: updated.version,
    });
    expect(document.flags.checkout.rules[0].id).toBe("staff");
    const cleared = await t.ok("PATCH", `${PROD}/flags/checkout`, { salt: null });
    expect(cleared.salt).toBeNull();
    expect((await documentOf()).flags.checkout.salt).toBeUndefined();
  });

  it("refuses a configuration that would make the document invalid, naming the field in the body", async () => {
    const response = await t.request("PATCH", `${PROD}/flags/checkout`, {
      body: {
        rules: [
          {
            id: "r",
            clauses: [{ attribute: "plan", op: "inSegment", values: ["nobody"] }],
            serve: { variation: 0 },
          },
        ],
      },
    });
    expect(response.status).toBe(422);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    expect(
      response.body.errors.some(
        (error: { pointer: string; in: string }) =>
          error.in === "body" && error.pointer.startsWith("/rules/0/clauses/0"),
      ),
    ).toBe(true);
    const weights = await t.request("PATCH", `${PROD}/flags/checkout`, {
      body: { fallthrough: { rollout: { weights: [1, 2] } } },
    });
    expect(weights.status).toBe(422);
    expect(weights.body.errors[0].pointer).toMatch(/^\/fallthrough/);
  });

  it("answers 412 to a stale If-Match and applies a fresh one", async () => {
    const current = await t.request("GET", `${PROD}/flags/checkout`);
    const etag = current.headers.get("etag") as string;
    expect(etag).toBe(`"${current.body.version}"`);
    const first = await t.request("POST", `${PROD}/flags/checkout/toggle`, {
      body: { enabled: false },
      headers: { "if-match": etag },
    });
    expect(first.status).toBe(200);
    expect(first.headers.get("etag")).toBe(`"${first.body.version}"`);
    const stale = await t.request("POST", `${PROD}/flags/checkout/toggle`, {
      body: { enabled: true },
      headers: { "if-match": etag },
    });
    expect(stale.status).toBe(412);
    expect(stale.body.errors[0]).toMatchObject({ field: "If-Match", in: "header" });
    expect((await t.ok("GET", `${PROD}/flags/checkout`)).enabled).toBe(false);
    const project = await t.request("GET", "/api/v1/projects/shop");
    const rename = await t.request("PATCH", "/api/v1/projects/shop", {
      body: { name: "The Shop" },
      headers: { "if-match": "999" },
    });
    expect(rename.status).toBe(412);
    const renamed = await t.request("PATCH", "/api/v1/projects/shop", {
      body: { name: "The Shop" },
      headers: { "if-match": project.headers.get("etag") as string },
    });
    expect(renamed.status).toBe(200);
  });

  it("lets exactly one of two concurrent writes with the same If-Match win", async () => {
    const current = await t.request("GET", `${PROD}/flags/checkout`);
    const etag = current.headers.get("etag") as string;
    const results = await Promise.all(
      [true, false].map((enabled) =>
        t.request("POST", `${PROD}/flags/checkout/toggle`, {
          body: { enabled },
          headers: { "if-match": etag },
        }),
      ),
    );
    expect(results.map((result) => result.status).sort()).toEqual([200, 412]);
  });

  it("applies a retried write with the same Idempotency-Key once and returns the first answer", async () => {
    const headers = { "idempotency-key": "create-payments-1" };
    const body = { key: "payments", name: "Payments" };
    const first = await t.request("POST", "/api/v1/projects/shop/flags", { body, headers });
    const again = await t.request("POST", "/api/v1/projects/shop/flags", { body, headers });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    const audit = await t.ok("GET", "/api/v1/audit?flag=payments&action=flag.create");
    expect(audit.items).toHaveLength(1);
    const toggles = await Promise.all(
      [1, 2, 3].map(() =>
        t.request("POST", `${PROD}/flags/payments/toggle`, {
          body: {},
          headers: { "idempotency-key": "flip-payments" },
        }),
      ),
    );
    expect(new Set(toggles.map((toggle) => toggle.body.version)).size).toBe(1);
    expect((await t.ok("GET", `${PROD}/flags/payments`)).enabled).toBe(true);
    const misuse = await t.request("POST", "/api/v1/projects/shop/flags", {
      body: { key: "other" },
      headers,
    });
    expect(misuse.status).toBe(422);
    expect(misuse.body.errors[0].field).toBe("Idempotency-Key");
  });

  it("toggles, sets rollout percentages and splits", async () => {
    const flag = `${PROD}/flags/banner`;
    expect((await t.ok("POST", `${flag}/toggle`, {})).enabled).toBe(true);
    expect((await t.ok("POST", `${flag}/toggle`)).enabled).toBe(false);
    const rollout = await t.ok("POST", `${flag}/rollout`, { percentage: 25 });
    expect(rollout.fallthrough).toEqual({ rollout: { weights: [25000, 75000] } });
    const bucketed = await t.ok("POST", `${flag}/rollout`, {
      percentage: 12.5,
      bucketBy: "accountId",
    });
    expect(bucketed.fallthrough).toEqual({
      rollout: { weights: [12500, 87500], bucketBy: "accountId" },
    });
    await t.ok("POST", "/api/v1/projects/shop/flags", {
      key: "abc",
      variations: [
        { key: "a", value: "A" },
        { key: "b", value: "B" },
        { key: "c", value: "C" },
      ],
    });
    const split = await t.ok("POST", `${PROD}/flags/abc/rollout`, {
      split: { a: 33.334, b: 33.333, c: 33.333 },
    });
    expect(split.fallthrough.rollout.weights).toEqual([33334, 33333, 33333]);
    const thirds = await t.ok("POST", `${PROD}/flags/abc/rollout`, {
      split: { a: 100 / 3, b: 100 / 3, c: 100 / 3 },
    });
    expect(
      thirds.fallthrough.rollout.weights.reduce((sum: number, weight: number) => sum + weight, 0),
    ).toBe(100000);
    const wrong = await t.request("POST", `${PROD}/flags/abc/rollout`, {
      body: { split: { a: 50, z: 50 } },
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors[0].pointer).toBe("/split/z");
  });

  it("adds and removes individual targets, one list per context key", async () => {
    const flag = `${PROD}/flags/banner`;
    await t.ok("POST", `${flag}/targets/add`, { variation: "on", values: ["u1", "u2"] });
    const moved = await t.ok("POST", `${flag}/targets/add`, {
      variation: "off",
      values: ["u2", "u3"],
    });
    expect(moved.targets).toEqual([
      { variation: 0, values: ["u1"] },
      { variation: 1, values: ["u2", "u3"] },
    ]);
    const removed = await t.ok("POST", `${flag}/targets/remove`, { values: ["u1", "u3"] });
    expect(removed.targets).toEqual([{ variation: 1, values: ["u2"] }]);
    const unknown = await t.request("POST", `${flag}/targets/add`, {
      body: { variation: "maybe", values: ["u9"] },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0].field).toBe("variation");
  });

  it("copies a flag's configuration between environments", async () => {
    await t.ok("PATCH", "/api/v1/projects/shop/environments/staging/flags/banner", {
      enabled: true,
      targets: [{ variation: 0, values: ["qa-user"] }],
    });
    const copied = await t.ok("POST", "/api/v1/projects/shop/flags/banner/copy", {
      from: "staging",
      to: "production",
      comment: "promote",
    });
    expect(copied).toMatchObject({
      environment: "production",
      enabled: true,
      targets: [{ variation: 0, values: ["qa-user"] }],
    });
    const missing = await t.request("POST", "/api/v1/projects/shop/flags/banner/copy", {
      body: { from: "staging", to: "mars" },
    });
    expect(missing.status).toBe(422);
    expect(missing.body.errors[0].field).toBe("to");
  });

  it("archives a flag out of the documents and brings it back", async () => {
    await t.ok("POST", "/api/v1/projects/shop/flags", { key: "old-thing" });
    expect((await documentOf()).flags["old-thing"]).toBeDefined();
    const archived = await t.ok("POST", "/api/v1/projects/shop/flags/old-thing/archive", {
      comment: "done",
    });
    expect(archived.archived).toBe(true);
    expect((await documentOf()).flags["old-thing"]).toBeUndefined();
    const active = await t.ok("GET", "/api/v1/projects/shop/flags?limit=200");
    expect(active.items.map((flag: { key: string }) => flag.key)).not.toContain("old-thing");
    const archivedList = await t.ok("GET", "/api/v1/projects/shop/flags?archived=true");
    expect(archivedList.items.map((flag: { key: string }) => flag.key)).toEqual(["old-thing"]);
    await t.ok("POST", "/api/v1/projects/shop/flags/old-thing/unarchive");
    expect((await documentOf()).flags["old-thing"]).toBeDefined();
    expect((await t.request("DELETE", "/api/v1/projects/shop/flags/old-thing")).status).toBe(204);
    expect((await documentOf()).flags["old-thing"]).toBeUndefined();
    expect((await t.request("GET", "/api/v1/projects/shop/flags/old-thing")).status).toBe(404);
  });

  it("refuses to remove a flag another flag depends on", async () => {
    await t.ok("POST", "/api/v1/projects/shop/flags", { key: "base" });
    await t.ok("POST", "/api/v1/projects/shop/flags", { key: "dependent" });
    await t.ok("PATCH", `${PROD}/flags/dependent`, {
      prerequisites: [{ flag: "base", variation: "on" }],
    });
    const archive = await t.request("POST", "/api/v1/projects/shop/flags/base/archive");
    expect(archive.status).toBe(422);
    expect(archive.body.errors[0]).toMatchObject({
      in: "document",
      pointer: "/flags/dependent/prerequisites/0/flag",
    });
    expect((await documentOf()).flags.base).toBeDefined();
  });

  it("pages through flags with a cursor and filters them", async () => {
    for (const key of ["page-a", "page-b", "page-c", "page-d", "page-e"]) {
      await t.ok("POST", "/api/v1/projects/shop/flags", { key, tags: ["paging"] });
    }
    await t.ok("POST", `${PROD}/flags/page-c/toggle`, { enabled: true });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Array<{ key: string }>; nextCursor: string | null } = await t.ok(
        "GET",
        `/api/v1/projects/shop/flags?tag=paging&limit=2${cursor ? `&cursor=${cursor}` : ""}`,
      );
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((flag) => flag.key));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(["page-a", "page-b", "page-c", "page-d", "page-e"]);
    const on = await t.ok(
      "GET",
      "/api/v1/projects/shop/flags?tag=paging&environment=production&enabled=true",
    );
    expect(on.items.map((flag: { key: string }) => flag.key)).toEqual(["page-c"]);
    const search = await t.ok("GET", "/api/v1/projects/shop/flags?q=PAGE-D");
    expect(search.items.map((flag: { key: string }) => flag.key)).toEqual(["page-d"]);
    const bad = await t.request("GET", "/api/v1/projects/shop/flags?cursor=nonsense");
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ field: "cursor", in: "query" });
  });

  it("manages segments that rules refer to", async () => {
    const segments = `${PROD}/segments`;
    const created = await t.ok("POST", segments, {
      key: "vip",
      included: ["u1"],
      rules: [{ clauses: [{ attribute: "plan", op: "in", values: ["gold"] }] }],
    });
    expect(created).toMatchObject({ key: "vip", included: ["u1"], excluded: [] });
    await t.ok("PATCH", `${PROD}/flags/banner`, {
      rules: [
        {
          id: "vips",
          clauses: [{ attribute: "key", op: "inSegment", values: ["vip"] }],
          serve: { variation: 0 },
        },
      ],
    });
    const updated = await t.ok("PATCH", `${segments}/vip`, { excluded: ["u2"] });
    expect(updated.version).toBeGreaterThan(created.version);
    expect((await documentOf()).segments.vip.excluded).toEqual(["u2"]);
    const inUse = await t.request("DELETE", `${segments}/vip`);
    expect(inUse.status).toBe(422);
    await t.ok("PATCH", `${PROD}/flags/banner`, { rules: [] });
    expect((await t.request("DELETE", `${segments}/vip`)).status).toBe(204);
    expect((await documentOf()).segments.vip).toBeUndefined();
    const list = await t.ok("GET", segments);
    expect(list.items).toEqual([]);
  });

  it("runs an experiment's lifecycle and links it in the flag document", async () => {
    const experiment = await t.ok("POST", "/api/v1/projects/shop/experiments", {
      key: "abc-test",
      flag: "abc",
      environment: "production",
      hypothesis: "B wins",
      primaryMetric: { eventKey: "purchase", kind: "binomial" },
    });
    expect(experiment.status).toBe("draft");
    expect((await documentOf()).flags.abc.experiment).toEqual({ key: "abc-test", running: false });
    const started = await t.ok("POST", "/api/v1/projects/shop/experiments/abc-test/start");
    expect(started.status).toBe("running");
    expect((await documentOf()).flags.abc.experiment).toEqual({ key: "abc-test", running: true });
    expect((await t.request("DELETE", "/api/v1/projects/shop/experiments/abc-test")).status).toBe(
      409,
    );
    const second = await t.request("POST", "/api/v1/projects/shop/experiments", {
      body: { key: "other", flag: "abc", environment: "production" },
    });
    expect(second.status).toBe(409);
    const stopped = await t.ok("POST", "/api/v1/projects/shop/experiments/abc-test/stop");
    expect(stopped.status).toBe("stopped");
    expect(stopped.stoppedAt).not.toBeNull();
    expect((await documentOf()).flags.abc.experiment).toEqual({ key: "abc-test", running: false });
    const list = await t.ok("GET", "/api/v1/projects/shop/experiments?status=stopped");
    expect(list.items.map((item: { key: string }) => item.key)).toEqual(["abc-test"]);
    expect((await t.request("DELETE", "/api/v1/projects/shop/experiments/abc-test")).status).toBe(
      204,
    );
    expect((await documentOf()).flags.abc.experiment).toBeUndefined();
  });

  it("issues, lists, rotates and revokes keys; secrets appear only once", async () => {
    const created = await t.ok("POST", "/api/v1/keys", {
      kind: "admin",
      name: "ci",
      role: "writer",
      project: "shop",
    });
    expect(created.secret).toMatch(/^fs_admin_[0-9a-f]{16}_/);
    const listed = await t.ok("GET", "/api/v1/keys?kind=admin&project=shop");
    expect(listed.items.map((key: { id: string }) => key.id)).toContain(created.id);
    expect(JSON.stringify(listed)).not.toContain(created.secret);
    expect(
      (await t.request("GET", "/api/v1/projects/shop/flags", { token: created.secret })).status,
    ).toBe(200);
    const rotated = await t.ok("POST", `/api/v1/keys/${created.id}/rotate`, {});
    expect(rotated.id).not.toBe(created.id);
    expect(
      (await t.request("GET", "/api/v1/projects/shop/flags", { token: created.secret })).status,
    ).toBe(401);
    expect(
      (await t.request("GET", "/api/v1/projects/shop/flags", { token: rotated.secret })).status,
    ).toBe(200);
    const revoked = await t.ok("DELETE", `/api/v1/keys/${rotated.id}`);
    expect(revoked.revokedAt).not.toBeNull();
    expect(
      (await t.request("GET", "/api/v1/projects/shop/flags", { token: rotated.secret })).status,
    ).toBe(401);
    const graceful = await t.ok("POST", "/api/v1/keys", {
      kind: "server",
      name: "rotating",
      project: "shop",
      environment: "production",
    });
    await t.ok("POST", `/api/v1/keys/${graceful.id}/rotate`, { gracePeriodSeconds: 3600 });
    expect((await t.request("GET", "/sdk/v1/flags", { token: graceful.secret })).status).toBe(200);
    const me = await t.ok("GET", "/api/v1/me");
    expect(me).toMatchObject({ role: "admin", project: null });
  });

  it("keeps every version of a flag whole", async () => {
    const versions = await t.ok("GET", `${PROD}/flags/banner/versions?limit=3`);
    expect(versions.items).toHaveLength(3);
    expect(versions.nextCursor).not.toBeNull();
    const [newest, older] = versions.items;
    expect(newest.version).toBeGreaterThan(older.version);
    expect(newest.flag.key).toBe("banner");
    const one = await t.ok("GET", `${PROD}/flags/banner/versions/${older.version}`);
    expect(one).toEqual(older);
    const next = await t.ok(
      "GET",
      `${PROD}/flags/banner/versions?limit=3&cursor=${versions.nextCursor}`,
    );
    expect(next.items[0].version).toBeLessThan(versions.items[2].version);
  });

  it("deletes a project with everything in it", async () => {
    await t.ok("POST", "/api/v1/projects", { key: "temporary" });
    const key = await t.ok("POST", "/api/v1/keys", {
      kind: "server",
      name: "tmp",
      project: "temporary",
      environment: "production",
    });
    expect((await t.request("GET", "/sdk/v1/flags", { token: key.secret })).status).toBe(200);
    expect((await t.request("DELETE", "/api/v1/projects/temporary")).status).toBe(204);
    expect((await t.request("GET", "/api/v1/projects/temporary")).status).toBe(404);
    expect((await t.request("GET", "/sdk/v1/flags", { token: key.secret })).status).toBe(401);
  });
});
