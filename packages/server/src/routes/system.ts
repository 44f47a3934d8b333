/** Health checks, the OpenAPI document, and the home page (the dashboard, or a placeholder). */
import { existsSync } from "node:fs";
import { join } from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";
import { buildOpenApiDocument } from "../http/openapi.js";
import type { RouteDefinition } from "../http/route.js";
import type { Services } from "../services.js";

export function registerSystemRoutes(
  app: FastifyInstance,
  services: Services,
  routes: RouteDefinition[],
  version: string,
): void {
  let openApi: string | undefined;
  app.get("/api/openapi.json", async (_request, reply) => {
    openApi ??= JSON.stringify(buildOpenApiDocument(routes, { version }));
    return reply.type("application/json; charset=utf-8").send(openApi);
  });

  app.get("/healthz", async () => ({ status: "ok" }));
  // Ready = able to serve SDK traffic. Documents and keys are in memory, so a replica whose
  // database is down still serves them: a load balancer must keep sending it SDK requests
  // (admin writes answer 503 meanwhile). The body says what is degraded.
  app.get("/readyz", async (_request, reply) => {
    let database: "ok" | "unavailable" = "ok";
    try {
      await services.db.selectFrom("projects").select("id").limit(1).execute();
    } catch {
      database = "unavailable";
    }
    const body = {
      status: database === "ok" ? "ready" : "degraded",
      database,
      changeFeed: services.changeFeedState(),
      environments: services.cache.size,
      streams: services.sseHub.connectionCount,
      adminStreams: services.adminStreamSlots.count,
    };
    // With nothing in memory and no database there is nothing to serve.
    if (database === "unavailable" && services.cache.size === 0) return reply.code(503).send(body);
    return body;
  });

  const dashboard = services.config.dashboardDir;
  if (dashboard && existsSync(join(dashboard, "index.html"))) {
    app.register(fastifyStatic, {
      root: dashboard,
      prefix: "/",
      wildcard: false,
      index: "index.html",
    });
    return;
  }
  app.get("/", async (_request, reply) =>
    reply.type("text/html; charset=utf-8").send(placeholderPage(version)),
  );
}

function placeholderPage(version: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>FlagSwitch server</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#222}code{background:#f3f3f3;padding:0 .25em}</style>
</head><body>
<h1>FlagSwitch server ${escapeHtml(version)}</h1>
<p>The server is running. The dashboard is not built, so there is nothing to show here yet.</p>
<ul>
<li>API description: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1)</li>
<li>Admin API under <code>/api/v1</code>, SDK endpoints under <code>/sdk/v1</code> — see <code>docs/server.md</code> for a curl walk-through.</li>
<li>Health: <a href="/healthz">/healthz</a>, <a href="/readyz">/readyz</a></li>
</ul>
</body></html>
`;
}

function escapeHtml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}
