/**
 * Bad input on every endpoint is answered with application/problem+json that names the failing
 * field and where it was (body, query, path, header). One or more cases per route; a last check
 * makes sure every registered route has a case.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiRoutes } from "../src/routes/index.js";
import { databases } from "./support/databases.js";
import { createShop, type ShopFixture } from "./support/fixtures.js";
import { startTestServer, type TestServer } from "./support/test-server.js";

interface BadInput {
  route: string;
  method: string;
  /** Concrete path (with query) to call. */
  path: string;
  body?: unknown;
  raw?: { text: string; contentType: string };
  headers?: Record<string, string>;
  /** Which key to use: the admin token (default), the server or the client SDK key. */
  as?: "server" | "client";
  status: number;
  field: string;
  in: "body" | "query" | "path" | "header" | "document";
}

const P = "/api/v1/projects/shop";
const E = `${P}/environments/production`;
const F = `${E}/flags/checkout`;

const cases: BadInput[] = [
  {
    route: "/api/v1/projects",
    method: "GET",
    path: "/api/v1/projects?limit=0",
    status: 400,
    field: "limit",
    in: "query",
  },
  {
    // PostgreSQL stores no NUL in text or jsonb: refused up front, naming the field.
    route: "/api/v1/projects",
    method: "GET",
    path: "/api/v1/projects?q=%E2%80%AE%00%EF%BF%BF",
    status: 400,
    field: "q",
    in: "query",
  },
  {
    route: "/api/v1/projects",
    method: "POST",
    path: "/api/v1/projects",
    body: { key: "ok", name: "nul\u0000name" },
    status: 400,
    field: "name",
    in: "body",
  },
  {
    route: "/api/v1/projects",
    method: "POST",
    path: "/api/v1/projects",
    body: { key: "has space" },
    status: 400,
    field: "key",
    in: "body",
  },
  {
    route: "/api/v1/projects",
    method: "POST",
    path: "/api/v1/projects",
    body: { key: "ok", environments: [{ key: "a" }, { key: "a" }] },
    status: 400,
    field: "environments",
    in: "body",
  },
  {
    route: "/api/v1/projects/:project",
    method: "GET",
    path: "/api/v1/projects/%20bad",
    status: 400,
    field: "project",
    in: "path",
  },
  {
    route: "/api/v1/projects/:project",
    method: "PATCH",
    path: P,
    body: { name: 42 },
    status: 400,
    field: "name",
    in: "body",
  },
  {
    route: "/api/v1/projects/:project",
    method: "PATCH",
    path: P,
    body: { name: "x" },
    headers: { "if-match": "yesterday" },
    status: 400,
    field: "If-Match",
    in: "header",
  },
  {
    route: "/api/v1/projects/:project",
    method: "DELETE",
    path: P,
    body: { comment: 5 },
    status: 400,
    field: "comment",
    in: "body",
  },
  {
    route: "/api/v1/projects/:project/environments",
    method: "GET",
    path: "/api/v1/projects/-bad/environments",
    status: 400,
    field: "project",
    in: "path",
  },
  {
    route: "/api/v1/projects/:project/environments",
    method: "POST",
    path: `${P}/environments`,
    body: {},
    status: 400,
    field: "key",
    in: "body",
  },
  {
    route: "/api/v1/projects/:project/environments/:environment",
    method: "GET",
    path: `${P}/environments/${"x".repeat(200)}`,
    status: 400,
    field: "environment",
    in: "path",
  },
  {
    route: "/api/v1/projects/:project/environments/:environment/document",
    method: "GET",
    path: `${P}/environments/b%21d/document`,
    status: 400,
    field: "environment",
    in: "path",
  },
  {
    route: "/api/v1/projects/:project/environments/:environment",
    method: "PATCH",
    path: E,
    body: { position: -1 },
    status: 400,
    field: "position",
    in: "body",
  },
  {
    route: "/api/v1/projects/:project/environments/:environment",
    method: "DELETE",
    path: E,
    body: { extra: true },
    status: 400,
    field: "extra",
    in: "body",
  },
  {
    route: "/api/v1/projects/:project/flags",
    method: "GET",
    path: `${P}/flags?archived=maybe`,
    status: 400,
    field: "archived",
    in: "query",
  },
  {
    route: "/api/v1/projects/:project/flags",
    method: "GET",
    path: `${P}/flags?enabled=true`,
    status: 400,
    field: "environment",
    in: "query",
  },
  {
    route: "/api/v1/projects/:project/flags",
    method: "POST",
    path: `${P}/flags`,
    body: { key: "n", variations: [] },
    status: 400,
    field: "variations",
    in: "body",
  },
  {
    route: "/api/v1/projects/:project/flags",
    method: "POST",
    path: `${P}/flags`,
    body: { key: "n", variations: [{ key: "a", value: 1 }], offVariation: 3 },
    status: 422,
    field: "offVariation",
    in: "body",
  },
  {
    route: "/api/v1/projects/:project/flags",
    method: "POST",
    path: `${P}/flags`,
    body: {
      key: "n",
      variations: [
        { key: "a", value: 1 },
        { key: "a", value: 2 },
      ],
    },
    status: 422,
    field: "variations[1].key",
    in: "body",
  },
  {
    route: "/api/v1/projects/:project/flags/:flag",
    method: "GET",
    path: `${P}/flags/a%2Fb`,
    status: 400,
    field: "flag",
    in: "path",
  },
  {
    route: "/api/v1/projects/:project/flags/:flag",
    method: "PATCH",
    path: `${P}/flags/checkout`,
    body: { tags: "one" },
    status: 400,
    field: "tags",
    in: "body",
  },
  {
    route: "/api/v1/projects/:project/flags/:flag",
    method: "DELETE",
    path: `${P}/flags/checkout`,
    body: { comment: ["x"] },
    status: 400,
    field: "comment",
    in: "body",
  },
  {
    route: "/api/v1/projects/:project/flags/:flag/archive",
    method: "POST",
    path: `${P}/flags/checkout/archive`,
    body: { archive: true },
    status: 400,
    field: "archive",
    in: "body",
  },
  {
    route: "/api/v1/projects/:project/flags/:flag/unarchive",
    method: "POST",
    path: `${P}/flags/checkout/unarchive`,
    body: { x: 1 },
    status: 400,
    field: "x",
    in: "body",
  },
  {
    route: "/api/v1/projects/:project/flags/:flag/copy",
    method: "POST",
    path: `${P}/flags/checkout/copy`,
    body: { from: "production" },
    status: 400,
    field: "to",
    in: "body",
  },
  {
    route: "/api/v1/projects/:project/flags/:flag/copy",
    method: "POST",
    path: `${P}/flags/checkout/copy`,
    body: { from: "production", to: "production" },
    status: 400,
    field: "to",
    in: "body",
  },
  {
    route: "/api/v1/projects/:project/environments/:environment/flags/:flag",
    method: "GET",
    path: `${E}/flags/%00`,
    status: 400,
    field: "flag",
    in: "path",
  },
  {
    route: "/api/v1/projects/:project/environments/:environment/flags/:flag",
    method: "PATCH",
    path: F,
    body: {
      rules: [
        {
          id: "r",
          clauses: [{ attribute: "a", op: "between", values: [] }],
          serve: { variation: 0 },
        },
      ],
    },
    status: 400,
    field: "rules[0].clauses[0].op",
    in: "body",
  },
  {
    route: "/api/v1/projects/:project/environments/:environment/flags/:flag",
    method: "PATCH",
    path: F,
    body: {
      rules: [
        {
          id: "r",
          clauses: [{ attribute: "a", op: "matches", values: ["("] }],
          serve: { variation: 0 },
        },
      ],
    },
    status: 422,
    field: "rules[0].clauses[0].values[0]",
    in: "body",
  },
  {
    route: "/api/v1/projects/:project/environments/:environment/flags/:flag",
    method: "PATCH",
    path: F,
    body: { fallthrough: { rollout: { weights: [50000, 40000] } } },
    status: 422,
    field: "fallthrough.rollout.weights",
    in: "body",
  },
  {
    route: "/api/v1/projects/:project/environments/:environment/flags/:flag",
    method: "PATCH",
    path: F,
    body: { experiment: { key: "x", running: true } },
    status: 400,
    field: "experiment",
    in: "body",
  },
  {
    route: "/api/v1/projects/:project/environments/:environment/flags/:flag/versions",
    method: "GET",
    path: `${F}/versions?limit=1000`,
    status: 400,
    field: "limit",
    in: "query",
  },
  {
    route: "/api/v1/projects/:project/environments/:environment/flags/:flag/versions/:version",
    method: "GET",
    path: `${F}/versions/first`,
    status: 400,
    field: "version",
    in: "path",
  },
  {
    route: "/api/v1/projects/:project/environments/:environment/flags/:flag/rollback",
    method: "POST",
    path: `${F}/rollback`,
    body: { toVersion: "3" },
    status: 400,
    field: "toVersion",
    in: "body",
  },
  {
    route: "/api/v1/projects/:project/environments/:environment/flags/:flag/toggle",
    method: "POST",
    path: `${F}/toggle`,
    body: { enabled: "yes" },
    status: 400,
    field: "enabled",
    in: "body",
  },
  {
    route: "/api/v1/projects/:project/environments/:environment/flags/:flag/rollout",
    method: "POST",
    path: `${F}/rollout`,
    body: { percentage: 101 },
    status: 400,
    field: "percentage",
    in: "body",
  },
  {
    route: "/api/v1/projects/:project/environments/:environment/flags/:flag/rollout",
    method: "POST",
    path: `${F}/rollout`,
    body: { percentage: 12.3456 },
    status: 400,
    field: "percentage",
    in: "body",
  },
  {
    route: "/api/v1/projects/:project/environments/:environment/flags/:flag/rollout",
    method: "POST",
    path: `${F}/rollout`,
    body: { percentage: 10, rule: "nope" },
    status: 422,
    field: "rule",
    in: "body",
  },
  {
    route: "/api/v1/projects/:project/environments/:environment/flags/:flag/targets/add",
    method: "POST",
    path: `${F}/targets/add`,
    body: { variation: "on", values: [] },
    status: 400,
    field: "values",
    in: "body",
  },
  {
    route: "/api/v1/projects/:project/environments/:environment/flags/:flag/targets/remove",
    method: "POST",
    path: `${F}/targets/remove`,
    body: { values: [7] },
    status: 400,
    field: "values[0]",
    in: "body",
  },
  {
    route: "/api/v1/projects/:project/environments/:environment/segments",
    method: "GET",
    path: `${E}/segments?cursor=%7B%7D`,
    status: 400,
    field: "cursor",
    in: "query",
  },
  {
    route: "/api/v1/projects/:project/environments/:environment/segments",
    method: "POST",
    path: `${E}/segments`,
    body: { key: "s", included: "u1" },
    status: 400,
    field: "included",
    in: "body",
  },
  {
    route: "/api/v1/projects/:project/environments/:environment/segments",
    method: "POST",
    path: `${E}/segments`,
    body: {
      key: "s",
      rules: [{ clauses: [{ attribute: "v", op: "semverLt", values: ["not-a-version"] }] }],
    },
    status: 422,
    field: "rules[0].clauses[0].values[0]",
    in: "body",
  },
  {
    route: "/api/v1/projects/:project/environments/:environment/segments/:segment",
    method: "GET",
    path: `${E}/segments/_x`,
    status: 400,
    field: "segment",
    in: "path",
  },
  {
    route: "/api/v1/projects/:project/environments/:environment/segments/:segment",
    method: "PATCH",
    path: `${E}/segments/beta`,
    body: { rules: [{}] },
    status: 400,
    field: "rules[0].clauses",
    in: "body",
  },
  {
    route: "/api/v1/projects/:project/environments/:environment/segments/:segment",
    method: "DELETE",
    path: `${E}/segments/beta`,
    headers: { "if-match": "v1" },
    status: 400,
    field: "If-Match",
    in: "header",
  },
  {
    route: "/api/v1/projects/:project/experiments",
    method: "GET",
    path: `${P}/experiments?status=paused`,
    status: 400,
    field: "status",
    in: "query",
  },
  {
    route: "/api/v1/projects/:project/experiments",
    method: "POST",
    path: `${P}/experiments`,
    body: { key: "e", flag: "checkout" },
    status: 400,
    field: "environment",
    in: "body",
  },
  {
    route: "/api/v1/projects/:project/experiments",
    method: "POST",
    path: `${P}/experiments`,
    body: { key: "e", flag: "missing", environment: "production" },
    status: 422,
    field: "flag",
    in: "body",
  },
  {
    route: "/api/v1/projects/:project/experiments/:experiment",
    method: "GET",
    path: `${P}/experiments/.dot`,
    status: 400,
    field: "experiment",
    in: "path",
  },
  {
    route: "/api/v1/projects/:project/experiments/:experiment",
    method: "PATCH",
    path: `${P}/experiments/e`,
    body: { hypothesis: "x".repeat(6000) },
    status: 400,
    field: "hypothesis",
    in: "body",
  },
  {
    route: "/api/v1/projects/:project/experiments/:experiment/start",
    method: "POST",
    path: `${P}/experiments/e/start`,
    body: { force: true },
    status: 400,
    field: "force",
    in: "body",
  },
  {
    route: "/api/v1/projects/:project/experiments/:experiment/stop",
    method: "POST",
    path: `${P}/experiments/e/stop`,
    body: { now: 1 },
    status: 400,
    field: "now",
    in: "body",
  },
  {
    route: "/api/v1/projects/:project/experiments/:experiment",
    method: "DELETE",
    path: `${P}/experiments/e`,
    body: { why: "" },
    status: 400,
    field: "why",
    in: "body",
  },
  {
    route: "/api/v1/projects/:project/experiments/:experiment/results",
    method: "GET",
    path: `${P}/experiments/.dot/results`,
    status: 400,
    field: "experiment",
    in: "path",
  },
  {
    route: "/api/v1/experiments/:experiment/results",
    method: "GET",
    path: "/api/v1/experiments/e/results",
    status: 400,
    field: "project",
    in: "query",
  },
  {
    route: "/api/v1/keys",
    method: "GET",
    path: "/api/v1/keys?kind=root",
    status: 400,
    field: "kind",
    in: "query",
  },
  {
    route: "/api/v1/keys",
    method: "POST",
    path: "/api/v1/keys",
    body: { kind: "admin", name: "x", role: "owner" },
    status: 400,
    field: "role",
    in: "body",
  },
  {
    route: "/api/v1/keys",
    method: "POST",
    path: "/api/v1/keys",
    body: { kind: "server", name: "x", project: "shop" },
    status: 400,
    field: "environment",
    in: "body",
  },
  {
    route: "/api/v1/keys",
    method: "POST",
    path: "/api/v1/keys",
    body: { kind: "server", name: "x", project: "shop", environment: "moon" },
    status: 422,
    field: "environment",
    in: "body",
  },
  {
    route: "/api/v1/keys/:id",
    method: "GET",
    path: "/api/v1/keys/short",
    status: 400,
    field: "id",
    in: "path",
  },
  {
    route: "/api/v1/keys/:id",
    method: "DELETE",
    path: "/api/v1/keys/ZZZZZZZZZZZZZZZZ",
    status: 400,
    field: "id",
    in: "path",
  },
  {
    route: "/api/v1/keys/:id/rotate",
    method: "POST",
    path: "/api/v1/keys/0123456789abcdef/rotate",
    body: { gracePeriodSeconds: -1 },
    status: 400,
    field: "gracePeriodSeconds",
    in: "body",
  },
  {
    route: "/api/v1/me",
    method: "GET",
    path: "/api/v1/me",
    headers: { authorization: "Bearer not-a-key" },
    status: 401,
    field: "Authorization",
    in: "header",
  },
  {
    route: "/api/v1/audit",
    method: "GET",
    path: "/api/v1/audit?from=last-week",
    status: 400,
    field: "from",
    in: "query",
  },
  {
    route: "/api/v1/audit",
    method: "GET",
    path: "/api/v1/audit?flag=a%20b",
    status: 400,
    field: "flag",
    in: "query",
  },
  {
    route: "/api/v1/changes/stream",
    method: "GET",
    path: "/api/v1/changes/stream",
    headers: { authorization: "Bearer not-a-key" },
    status: 401,
    field: "Authorization",
    in: "header",
  },
  {
    route: "/sdk/v1/flags",
    method: "GET",
    path: "/sdk/v1/flags",
    headers: { authorization: "fs_server_zz" },
    status: 401,
    field: "Authorization",
    in: "header",
  },
  {
    route: "/sdk/v1/stream",
    method: "GET",
    path: "/sdk/v1/stream",
    headers: {
      authorization:
        "Bearer fs_server_0000000000000000_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB",
    },
    status: 401,
    field: "Authorization",
    in: "header",
  },
  {
    route: "/sdk/v1/evaluate",
    method: "POST",
    path: "/sdk/v1/evaluate",
    as: "client",
    body: { context: "user-1" },
    status: 400,
    field: "context",
    in: "body",
  },
  {
    route: "/sdk/v1/evaluate",
    method: "POST",
    path: "/sdk/v1/evaluate",
    as: "client",
    body: {},
    status: 400,
    field: "context",
    in: "body",
  },
  {
    route: "/sdk/v1/events",
    method: "POST",
    path: "/sdk/v1/events",
    as: "server",
    body: {
      sdk: { name: "t", version: "1" },
      events: [
        { kind: "exposure", flagKey: "f", flagVersion: 1, variation: "on", contextKey: "u", ts: 1 },
      ],
    },
    status: 400,
    field: "events[0].experimentKey",
    in: "body",
  },
  {
    route: "/sdk/v1/events",
    method: "POST",
    path: "/sdk/v1/events",
    as: "server",
    body: { sdk: { name: "t", version: "1" }, events: [{ kind: "click", contextKey: "u", ts: 1 }] },
    status: 400,
    field: "events[0].kind",
    in: "body",
  },
  {
    route: "/sdk/v1/events",
    method: "POST",
    path: "/sdk/v1/events",
    as: "server",
    body: {
      sdk: { name: "t", version: "1" },
      events: [
        {
          kind: "conversion",
          eventKey: "buy",
          contextKey: "u",
          value: "12",
          ts: "2025-01-01T00:00:00Z",
        },
      ],
    },
    status: 400,
    field: "events[0].value",
    in: "body",
  },
  {
    route: "/sdk/v1/events",
    method: "POST",
    path: "/sdk/v1/events",
    as: "server",
    body: { events: [] },
    status: 400,
    field: "sdk",
    in: "body",
  },
];

describe.each(databases)("bad input on $name", (database) => {
  let t: TestServer;
  let shop: ShopFixture;
  beforeAll(async () => {
    t = await startTestServer(database);
    shop = await createShop(t);
    await t.ok("POST", `${E}/segments`, { key: "beta" });
    await t.ok("POST", `${P}/experiments`, {
      key: "e",
      flag: "checkout",
      environment: "production",
    });
  });
  afterAll(async () => t?.close());

  it.each(cases)("$method $path → $status naming $in $field", async (badInput) => {
    const token =
      badInput.as === "server"
        ? shop.serverKey
        : badInput.as === "client"
          ? shop.clientKey
          : undefined;
    const response = await t.request(badInput.method, badInput.path, {
      ...(token ? { token } : {}),
      ...(badInput.headers?.authorization ? { token: null } : {}),
      ...(badInput.body !== undefined ? { body: badInput.body } : {}),
      ...(badInput.headers ? { headers: badInput.headers } : {}),
    });
    expect(response.status, response.text).toBe(badInput.status);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    expect(response.body).toMatchObject({
      status: badInput.status,
      type: expect.any(String),
      title: expect.any(String),
      detail: expect.any(String),
    });
    const named = (response.body.errors as Array<{ field: string; in: string }>).map(
      (error) => `${error.in}:${error.field}`,
    );
    expect(named).toContain(`${badInput.in}:${badInput.field}`);
  });

  it("has a case for every registered route", () => {
    const covered = new Set(cases.map((badInput) => `${badInput.method} ${badInput.route}`));
    const missing = apiRoutes
      .map((route) => `${route.method} ${route.url}`)
      .filter((route) => !covered.has(route));
    expect(missing).toEqual([]);
  });

  it("answers malformed JSON, a wrong content type, an empty JSON body and an oversized body as problems", async () => {
    const malformed = await t.request("POST", "/api/v1/projects", {
      rawBody: "{ key: ",
      headers: { "content-type": "application/json" },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0]).toMatchObject({ in: "body", field: "" });
    const xml = await t.request("POST", "/api/v1/projects", {
      rawBody: "<project/>",
      headers: { "content-type": "application/xml" },
    });
    expect(xml.status).toBe(415);
    expect(xml.body.errors[0].field).toBe("Content-Type");
    const empty = await t.request("POST", "/api/v1/projects", {
      rawBody: "",
      headers: { "content-type": "application/json" },
    });
    expect(empty.status).toBe(400);
    const huge = {
      sdk: { name: "t", version: "1" },
      events: [{ kind: "conversion", eventKey: "x".repeat(2_000_000), contextKey: "u", ts: 1 }],
    };
    const tooLarge = await t.request("POST", "/sdk/v1/events", {
      token: shop.serverKey,
      body: huge,
    });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.headers.get("content-type")).toContain("application/problem+json");
    const tooMany = await t.request("POST", "/sdk/v1/events", {
      token: shop.serverKey,
      body: {
        sdk: { name: "t", version: "1" },
        events: Array.from({ length: 5001 }, () => ({
          kind: "conversion",
          eventKey: "e",
          contextKey: "u",
          ts: 1,
        })),
      },
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors[0].field).toBe("events");
    const unknownRoute = await t.request("GET", "/api/v1/nothing-here");
    expect(unknownRoute.status).toBe(404);
    expect(unknownRoute.headers.get("content-type")).toContain("application/problem+json");
  });
});
