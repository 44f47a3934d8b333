/** The OpenAPI document (generated from the routes' schemas), health checks, and the home page. */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiRoutes } from "../src/routes/index.js";
import { databases } from "./support/databases.js";
import { startTestServer, type TestServer } from "./support/test-server.js";

describe.each(databases)("system routes on $name", (database) => {
  let t: TestServer;
  let dashboard: string;
  beforeAll(async () => {
    const fresh = await database.create();
    dashboard = join(fresh.dataDir, "dashboard");
    mkdirSync(dashboard);
    writeFileSync(
      join(dashboard, "index.html"),
      "<!doctype html><title>FlagSwitch dashboard</title>",
    );
    writeFileSync(join(dashboard, "app.js"), "console.log('dashboard')");
    t = await startTestServer(database, {
      database: fresh,
      overrides: { dashboardDir: dashboard },
    });
  });
  afterAll(async () => {
    await t?.close();
    await t?.database.drop();
  });

  it("serves an OpenAPI 3.1 document describing every route, with components for the resources", async () => {
    const response = await t.request("GET", "/api/openapi.json", { token: null });
    expect(response.status).toBe(200);
    const document = response.body;
    expect(document.openapi).toBe("3.1.0");
    for (const route of apiRoutes) {
      const path = route.url.replace(/:([A-Za-z]+)/g, "{$1}");
      const operation = document.paths[path]?.[route.method.toLowerCase()];
      expect(operation, `${route.method} ${path}`).toBeDefined();
      expect(operation.operationId).toBe(route.operationId);
      for (const name of path.match(/\{(\w+)\}/g) ?? []) {
        expect(
          operation.parameters.some(
            (parameter: { name: string; in: string }) =>
              parameter.in === "path" && `{${parameter.name}}` === name,
          ),
        ).toBe(true);
      }
    }
    const toggle =
      document.paths["/api/v1/projects/{project}/environments/{environment}/flags/{flag}/toggle"]
        .post;
    expect(toggle.parameters.map((parameter: { name: string }) => parameter.name)).toEqual(
      expect.arrayContaining(["If-Match", "Idempotency-Key"]),
    );
    expect(toggle.responses["200"].content["application/json"].schema).toEqual({
      $ref: "#/components/schemas/FlagConfiguration",
    });
    expect(toggle.responses["412"].content["application/problem+json"].schema).toEqual({
      $ref: "#/components/schemas/Problem",
    });
    const patch =
      document.paths["/api/v1/projects/{project}/environments/{environment}/flags/{flag}"].patch;
    const ops =
      patch.requestBody.content["application/json"].schema.properties.rules.items.properties.clauses
        .items.properties.op;
    expect(ops.enum).toContain("semverGt");
    // Every $ref points at a component that exists.
    const references = JSON.stringify(document).match(/"\$ref":"[^"]+"/g) ?? [];
    for (const reference of references) {
      const name = reference.slice('"$ref":"#/components/schemas/'.length, -1);
      expect(document.components.schemas[name], reference).toBeDefined();
    }
  });

  it("answers health and readiness checks", async () => {
    expect((await t.request("GET", "/healthz", { token: null })).body).toEqual({ status: "ok" });
    const ready = await t.request("GET", "/readyz", { token: null });
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe("ready");
  });

  it("serves a built dashboard at / when there is one", async () => {
    const home = await t.request("GET", "/", { token: null });
    expect(home.status).toBe(200);
    expect(home.text).toContain("FlagSwitch dashboard");
    expect((await t.request("GET", "/app.js", { token: null })).text).toContain("dashboard");
  });
});

describe.each(databases)("first admin token on $name", (database) => {
  it("adopts FLAGSWITCH_ADMIN_TOKEN for headless deployments, once", async () => {
    const adminToken = "operator-chosen-secret-0123456789";
    const first = await startTestServer(database, { overrides: { adminToken } });
    try {
      expect(first.server.firstAdminToken).toBeUndefined();
      expect((await first.request("GET", "/api/v1/me", { token: adminToken })).body).toMatchObject({
        name: "FLAGSWITCH_ADMIN_TOKEN",
        role: "admin",
      });
      const second = await startTestServer(database, {
        database: first.database,
        overrides: { adminToken },
      });
      await second.close();
      const tokens = await first.ok("GET", "/api/v1/keys?kind=admin", undefined, adminToken);
      expect(tokens.items).toHaveLength(1);
    } finally {
      await first.close();
    }
  });

  it("prints a first admin token only while no global admin token exists", async () => {
    const first = await startTestServer(database);
    try {
      expect(first.server.firstAdminToken).toMatch(/^fs_admin_/);
      const restarted = await startTestServer(database, { database: first.database });
      expect(restarted.server.firstAdminToken).toBeUndefined();
      await restarted.close();
    } finally {
      await first.close();
    }
  });
});
