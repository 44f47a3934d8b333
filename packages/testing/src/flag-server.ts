/**
 * A real @flagswitch/server on a loopback port with an embedded SQLite database in a temporary
 * directory: project "shop" with the client-side boolean flag "checkout" (off: serves false),
 * and a server-side and a client-side SDK key for production.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer, resolveConfig } from "@flagswitch/server";

export interface FlagServer {
  url: string;
  serverKey: string;
  clientKey: string;
  /** Changes "checkout" in production (enabled, rules, fallthrough …: the admin API's fields). */
  configureCheckout(config: Record<string, unknown>): Promise<void>;
  /** Switches "checkout" in production on (serves true) or off (serves false). */
  toggleCheckout(enabled: boolean): Promise<void>;
  close(): Promise<void>;
}

/** A `configureCheckout` config: "checkout" serves true to "alice" (rule "alice"), false to everyone else. */
export const checkoutForAliceOnly = {
  enabled: true,
  rules: [
    {
      id: "alice",
      clauses: [{ attribute: "key", op: "in", values: ["alice"] }],
      serve: { variation: 0 },
    },
  ],
  fallthrough: { variation: 1 },
};

export async function startFlagServer(): Promise<FlagServer> {
  const dataDir = mkdtempSync(join(tmpdir(), "flagswitch-adapter-test-"));
  const server = await createServer({
    config: resolveConfig(
      {},
      { port: 0, host: "127.0.0.1", dataDir, databaseUrl: undefined, dashboardDir: undefined },
    ),
  });
  const url = await server.listen();
  const token = server.firstAdminToken ?? "";

  async function admin(method: string, path: string, body: unknown): Promise<{ secret?: string }> {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (!response.ok)
      throw new Error(`${method} ${path} → ${response.status}: ${await response.text()}`);
    return (await response.json()) as { secret?: string };
  }

  await admin("POST", "/api/v1/projects", { key: "shop", name: "Shop" });
  await admin("POST", "/api/v1/projects/shop/flags", { key: "checkout", clientSide: true });
  const serverKey = await admin("POST", "/api/v1/keys", {
    kind: "server",
    name: "backend",
    project: "shop",
    environment: "production",
  });
  const clientKey = await admin("POST", "/api/v1/keys", {
    kind: "client",
    name: "web",
    project: "shop",
    environment: "production",
  });
  const checkout = "/api/v1/projects/shop/environments/production/flags/checkout";

  return {
    url,
    serverKey: serverKey.secret ?? "",
    clientKey: clientKey.secret ?? "",
    async configureCheckout(config) {
      await admin("PATCH", checkout, config);
    },
    async toggleCheckout(enabled) {
      await admin("POST", `${checkout}/toggle`, { enabled });
    },
    async close() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
