/**
 * A real @flagswitch/server (embedded SQLite in a temporary directory) on a loopback port, with
 * a project "shop" whose production environment has client-side flags, a running A/B/C
 * experiment and a client-side SDK key.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer, type FlagSwitchServer, resolveConfig } from "@flagswitch/server";
import { adminRequest } from "../support/admin-api.js";

export const PROD = "/api/v1/projects/shop/environments/production";

export interface ShopServer {
  url: string;
  clientKey: string;
  server: FlagSwitchServer;
  /** An admin API call that fails the test unless it answers 2xx. */
  admin(method: string, path: string, body?: unknown): Promise<unknown>;
  close(): Promise<void>;
}

export async function startShopServer(): Promise<ShopServer> {
  const dataDir = mkdtempSync(join(tmpdir(), "flagswitch-sdk-browser-"));
  const config = resolveConfig(
    { FLAGSWITCH_LOG_LEVEL: "silent" },
    { port: 0, host: "127.0.0.1", dataDir, databaseUrl: undefined, dashboardDir: undefined },
  );
  const server = await createServer({ config, logger: false });
  const url = await server.listen();
  const token = server.firstAdminToken ?? "";
  const admin = (method: string, path: string, body?: unknown) =>
    adminRequest(url, token, method, path, body);

  await admin("POST", "/api/v1/projects", { key: "shop", name: "Shop" });
  await admin("POST", "/api/v1/projects/shop/flags", { key: "checkout", clientSide: true });
  await admin("PATCH", `${PROD}/flags/checkout`, {
    enabled: true,
    rules: [
      {
        id: "pro-plan",
        clauses: [{ attribute: "plan", op: "in", values: ["pro"] }],
        serve: { variation: 0 },
      },
    ],
    fallthrough: { variation: 1 },
  });
  await admin("POST", "/api/v1/projects/shop/flags", { key: "server-only" });
  await admin("POST", "/api/v1/projects/shop/flags", {
    key: "button",
    clientSide: true,
    variations: [
      { key: "a", value: "grey" },
      { key: "b", value: "blue" },
      { key: "c", value: "green" },
    ],
  });
  await admin("POST", `${PROD}/flags/button/rollout`, { split: { a: 34, b: 33, c: 33 } });
  await admin("POST", `${PROD}/flags/button/toggle`, { enabled: true });
  await admin("POST", "/api/v1/projects/shop/experiments", {
    key: "button-test",
    flag: "button",
    environment: "production",
    primaryMetric: { eventKey: "checkout-completed", kind: "binomial" },
  });
  await admin("POST", "/api/v1/projects/shop/experiments/button-test/start");
  const key = await admin("POST", "/api/v1/keys", {
    kind: "client",
    name: "web",
    project: "shop",
    environment: "production",
  });

  return {
    url,
    clientKey: String(key.secret),
    server,
    admin,
    async close() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
