/**
 * The authorization matrix: every endpoint × every kind of caller. A caller that may not call an
 * endpoint gets 401 (no or bad key) or 403 (wrong kind, role or project); one that may gets past
 * authorization — writes here carry an invalid body, so "allowed" answers 400 and changes nothing.
 * The table is written out by hand (not read from the routes' own metadata), and a last check
 * makes sure it lists every registered route.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiRoutes } from "../src/routes/index.js";
import { databases } from "./support/databases.js";
import { createShop, createToken, type ShopFixture } from "./support/fixtures.js";
import { startTestServer, type TestServer } from "./support/test-server.js";

type Role = "reader" | "writer" | "admin";
type Rule =
  | { admin: Role; scope: "global" | "project" | "any" }
  | { sdk: Array<"server" | "client"> };

interface Endpoint {
  method: string;
  route: string;
  rule: Rule;
}

const admin = (role: Role, scope: "global" | "project" | "any"): Rule => ({ admin: role, scope });

const endpoints: Endpoint[] = [
  { method: "GET", route: "/api/v1/projects", rule: admin("reader", "any") },
  { method: "POST", route: "/api/v1/projects", rule: admin("admin", "global") },
  { method: "GET", route: "/api/v1/projects/:project", rule: admin("reader", "project") },
  { method: "PATCH", route: "/api/v1/projects/:project", rule: admin("admin", "project") },
  { method: "DELETE", route: "/api/v1/projects/:project", rule: admin("admin", "global") },
  {
    method: "GET",
    route: "/api/v1/projects/:project/environments",
    rule: admin("reader", "project"),
  },
  {
    method: "POST",
    route: "/api/v1/projects/:project/environments",
    rule: admin("admin", "project"),
  },
  {
    method: "GET",
    route: "/api/v1/projects/:project/environments/:environment",
    rule: admin("reader", "project"),
  },
  {
    method: "GET",
    route: "/api/v1/projects/:project/environments/:environment/document",
    rule: admin("reader", "project"),
  },
  {
    method: "PATCH",
    route: "/api/v1/projects/:project/environments/:environment",
    rule: admin("admin", "project"),
  },
  {
    method: "DELETE",
    route: "/api/v1/projects/:project/environments/:environment",
    rule: admin("admin", "project"),
  },
  { method: "GET", route: "/api/v1/projects/:project/flags", rule: admin("reader", "project") },
  { method: "POST", route: "/api/v1/projects/:project/flags", rule: admin("writer", "project") },
  {
    method: "GET",
    route: "/api/v1/projects/:project/flags/:flag",
    rule: admin("reader", "project"),
  },
  {
    method: "PATCH",
    route: "/api/v1/projects/:project/flags/:flag",
    rule: admin("writer", "project"),
  },
  {
    method: "POST",
    route: "/api/v1/projects/:project/flags/:flag/archive",
    rule: admin("writer", "project"),
  },
  {
    method: "POST",
    route: "/api/v1/projects/:project/flags/:flag/unarchive",
    rule: admin("writer", "project"),
  },
  {
    method: "DELETE",
    route: "/api/v1/projects/:project/flags/:flag",
    rule: admin("writer", "project"),
  },
  {
    method: "POST",
    route: "/api/v1/projects/:project/flags/:flag/copy",
    rule: admin("writer", "project"),
  },
  {
    method: "GET",
    route: "/api/v1/projects/:project/environments/:environment/flags/:flag",
    rule: admin("reader", "project"),
  },
  {
    method: "PATCH",
    route: "/api/v1/projects/:project/environments/:environment/flags/:flag",
    rule: admin("writer", "project"),
  },
  {
    method: "GET",
    route: "/api/v1/projects/:project/environments/:environment/flags/:flag/versions",
    rule: admin("reader", "project"),
  },
  {
    method: "GET",
    route: "/api/v1/projects/:project/environments/:environment/flags/:flag/versions/:version",
    rule: admin("reader", "project"),
  },
  {
    method: "POST",
    route: "/api/v1/projects/:project/environments/:environment/flags/:flag/rollback",
    rule: admin("writer", "project"),
  },
  {
    method: "POST",
    route: "/api/v1/projects/:project/environments/:environment/flags/:flag/toggle",
    rule: admin("writer", "project"),
  },
  {
    method: "POST",
    route: "/api/v1/projects/:project/environments/:environment/flags/:flag/rollout",
    rule: admin("writer", "project"),
  },
  {
    method: "POST",
    route: "/api/v1/projects/:project/environments/:environment/flags/:flag/targets/add",
    rule: admin("writer", "project"),
  },
  {
    method: "POST",
    route: "/api/v1/projects/:project/environments/:environment/flags/:flag/targets/remove",
    rule: admin("writer", "project"),
  },
  {
    method: "GET",
    route: "/api/v1/projects/:project/environments/:environment/segments",
    rule: admin("reader", "project"),
  },
  {
    method: "POST",
    route: "/api/v1/projects/:project/environments/:environment/segments",
    rule: admin("writer", "project"),
  },
  {
    method: "GET",
    route: "/api/v1/projects/:project/environments/:environment/segments/:segment",
    rule: admin("reader", "project"),
  },
  {
    method: "PATCH",
    route: "/api/v1/projects/:project/environments/:environment/segments/:segment",
    rule: admin("writer", "project"),
  },
  {
    method: "DELETE",
    route: "/api/v1/projects/:project/environments/:environment/segments/:segment",
    rule: admin("writer", "project"),
  },
  {
    method: "GET",
    route: "/api/v1/projects/:project/experiments",
    rule: admin("reader", "project"),
  },
  {
    method: "POST",
    route: "/api/v1/projects/:project/experiments",
    rule: admin("writer", "project"),
  },
  {
    method: "GET",
    route: "/api/v1/projects/:project/experiments/:experiment",
    rule: admin("reader", "project"),
  },
  {
    method: "PATCH",
    route: "/api/v1/projects/:project/experiments/:experiment",
    rule: admin("writer", "project"),
  },
  {
    method: "POST",
    route: "/api/v1/projects/:project/experiments/:experiment/start",
    rule: admin("writer", "project"),
  },
  {
    method: "POST",
    route: "/api/v1/projects/:project/experiments/:experiment/stop",
    rule: admin("writer", "project"),
  },
  {
    method: "DELETE",
    route: "/api/v1/projects/:project/experiments/:experiment",
    rule: admin("writer", "project"),
  },
  {
    method: "GET",
    route: "/api/v1/projects/:project/experiments/:experiment/results",
    rule: admin("reader", "project"),
  },
  {
    method: "GET",
    route: "/api/v1/experiments/:experiment/results",
    rule: admin("reader", "any"),
  },
  { method: "GET", route: "/api/v1/keys", rule: admin("admin", "any") },
  { method: "POST", route: "/api/v1/keys", rule: admin("admin", "any") },
  { method: "GET", route: "/api/v1/keys/:id", rule: admin("admin", "any") },
  { method: "DELETE", route: "/api/v1/keys/:id", rule: admin("admin", "any") },
  { method: "POST", route: "/api/v1/keys/:id/rotate", rule: admin("admin", "any") },
  { method: "GET", route: "/api/v1/me", rule: admin("reader", "any") },
  { method: "GET", route: "/api/v1/audit", rule: admin("reader", "any") },
  { method: "GET", route: "/api/v1/changes/stream", rule: admin("reader", "any") },
  { method: "GET", route: "/sdk/v1/flags", rule: { sdk: ["server"] } },
  { method: "GET", route: "/sdk/v1/stream", rule: { sdk: ["server"] } },
  { method: "POST", route: "/sdk/v1/evaluate", rule: { sdk: ["client", "server"] } },
  { method: "POST", route: "/sdk/v1/events", rule: { sdk: ["server", "client"] } },
];

interface Caller {
  name: string;
  token: () => string | null;
  kind: "none" | "invalid" | "server" | "client" | "admin";
  role?: Role;
  project?: string;
}

describe.each(databases)("authorization matrix on $name", (database) => {
  let t: TestServer;
  let shop: ShopFixture;
  const tokens: Record<string, string> = {};
  let keyId = "";

  beforeAll(async () => {
    t = await startTestServer(database);
    shop = await createShop(t);
    await t.ok("POST", "/api/v1/projects", { key: "other" });
    for (const role of ["reader", "writer", "admin"] as const) {
      tokens[`global ${role}`] = await createToken(t, role);
      tokens[`shop ${role}`] = await createToken(t, role, "shop");
    }
    tokens["other admin"] = await createToken(t, "admin", "other");
    keyId = shop.serverKeyId;
  });
  afterAll(async () => t?.close());

  const callers: Caller[] = [
    { name: "no key", kind: "none", token: () => null },
    {
      name: "unknown key",
      kind: "invalid",
      token: () => "fs_server_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    },
    { name: "server SDK key", kind: "server", token: () => shop.serverKey },
    { name: "client-side key", kind: "client", token: () => shop.clientKey },
    ...(["reader", "writer", "admin"] as const).flatMap((role): Caller[] => [
      {
        name: `global ${role}`,
        kind: "admin",
        role,
        token: () => tokens[`global ${role}`] as string,
      },
      {
        name: `shop ${role}`,
        kind: "admin",
        role,
        project: "shop",
        token: () => tokens[`shop ${role}`] as string,
      },
    ]),
    {
      name: "other-project admin",
      kind: "admin",
      role: "admin",
      project: "other",
      token: () => tokens["other admin"] as string,
    },
  ];

  function expected(rule: Rule, caller: Caller): "allowed" | 401 | 403 {
    if (caller.kind === "none" || caller.kind === "invalid") return 401;
    if ("sdk" in rule) {
      return caller.kind !== "admin" && rule.sdk.includes(caller.kind) ? "allowed" : 403;
    }
    if (caller.kind !== "admin") return 403;
    const order: Role[] = ["reader", "writer", "admin"];
    if (order.indexOf(caller.role as Role) < order.indexOf(rule.admin)) return 403;
    if (caller.project === undefined || rule.scope === "any") return "allowed";
    if (rule.scope === "global") return 403;
    return caller.project === "shop" ? "allowed" : 403;
  }

  function concrete(route: string): string {
    return route
      .replace(":project", "shop")
      .replace(":environment", "production")
      .replace(":flag", "checkout")
      .replace(":segment", "no-such-segment")
      .replace(":experiment", "no-such-experiment")
      .replace(":version", "1")
      .replace(":id", keyId);
  }

  async function call(endpoint: Endpoint, caller: Caller): Promise<number> {
    const path = concrete(endpoint.route);
    const token = caller.token();
    const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    if (endpoint.route.endsWith("/stream")) {
      const controller = new AbortController();
      const response = await fetch(`${t.url}${path}`, { headers, signal: controller.signal });
      controller.abort();
      return response.status;
    }
    const write = endpoint.method !== "GET";
    // An invalid body: an allowed caller gets 400 from validation, after authorization.
    const response = await t.request(endpoint.method, path, {
      token,
      ...(write ? { body: { notAField: true } } : {}),
    });
    return response.status;
  }

  it.each(endpoints)("$method $route", async (endpoint) => {
    const mismatches: string[] = [];
    for (const caller of callers) {
      const want = expected(endpoint.rule, caller);
      const status = await call(endpoint, caller);
      const ok =
        want === "allowed" ? status !== 401 && status !== 403 && status < 500 : status === want;
      if (!ok) mismatches.push(`${caller.name}: expected ${want}, got ${status}`);
    }
    expect(mismatches).toEqual([]);
  });

  it("lists every registered route", () => {
    const registered = apiRoutes.map((route) => `${route.method} ${route.url}`).sort();
    const tabled = endpoints.map((endpoint) => `${endpoint.method} ${endpoint.route}`).sort();
    expect(tabled).toEqual(registered);
  });

  it("never lets a client-side key read rules or segments", async () => {
    for (const path of ["/sdk/v1/flags", "/sdk/v1/stream"]) {
      const response = await t.request("GET", path, { token: shop.clientKey });
      expect(response.status).toBe(403);
      expect(response.text).not.toContain("rules");
    }
  });

  it("accepts keys as `Bearer <key>` or bare, and a client-side key (only) as ?key= on events", async () => {
    expect(
      (
        await t.request("GET", "/sdk/v1/flags", {
          token: null,
          headers: { authorization: shop.serverKey },
        })
      ).status,
    ).toBe(200);
    const batch = { sdk: { name: "test", version: "1" }, events: [] };
    const byQuery = await t.request("POST", `/sdk/v1/events?key=${shop.clientKey}`, {
      token: null,
      body: batch,
    });
    expect(byQuery.status).toBe(202);
    const serverByQuery = await t.request("POST", `/sdk/v1/events?key=${shop.serverKey}`, {
      token: null,
      body: batch,
    });
    expect(serverByQuery.status).toBe(403);
  });
});

describe.each(databases)("failed-authentication limiting on $name", (database) => {
  let t: TestServer;
  let now = Date.parse("2025-01-01T00:00:00Z");
  beforeAll(async () => {
    t = await startTestServer(database, {
      overrides: { failedAuth: { maxFailures: 3, windowMs: 60_000 } },
      clock: { now: () => new Date(now) },
    });
  });
  afterAll(async () => t?.close());

  it("refuses an address after too many failures, until the window ends", async () => {
    const bad = "fs_admin_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect((await t.request("GET", "/api/v1/me", { token: bad })).status).toBe(401);
    }
    const blocked = await t.request("GET", "/api/v1/me", { token: bad });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(blocked.headers.get("content-type")).toContain("application/problem+json");
    // Even the right key waits: guessing must not go on in parallel with real use.
    expect((await t.request("GET", "/api/v1/me")).status).toBe(429);
    now += 61_000;
    expect((await t.request("GET", "/api/v1/me")).status).toBe(200);
  });

  it("does not count requests without any key", async () => {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect((await t.request("GET", "/api/v1/me", { token: null })).status).toBe(401);
    }
    expect((await t.request("GET", "/api/v1/me")).status).toBe(200);
  });
});
