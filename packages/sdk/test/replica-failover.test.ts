/**
 * Issue 5, item 1, from the SDK's side: two real @flagswitch/server replicas on one database
 * with a shared change feed. A streaming client on replica A follows to replica B when A goes
 * away (its next base URL), resumes with Last-Event-ID, and misses no change — not even one made
 * on B while it was reconnecting.
 */
import "./support/no-unhandled-rejections.js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createInProcessChangeFeed,
  createServer,
  type FlagSwitchServer,
  resolveConfig,
} from "@flagswitch/server";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  createClient,
  createStreamingSource,
  type FlagClient,
  type FlagSwitchError,
  NetworkError,
  silentLogger,
} from "../src/index.js";
import { adminRequest } from "./support/admin-api.js";
import { waitFor } from "./support/wait.js";

const PRODUCTION = "/api/v1/projects/shop/environments/production";
const feed = createInProcessChangeFeed();
let dataDir: string;
let first: { server: FlagSwitchServer; url: string };
let second: { server: FlagSwitchServer; url: string };
let adminToken: string;
let sdkKey: string;
let client: FlagClient | undefined;

async function startReplica(token?: string): Promise<{ server: FlagSwitchServer; url: string }> {
  const server = await createServer({
    config: resolveConfig(
      {},
      {
        port: 0,
        host: "127.0.0.1",
        dataDir,
        databaseUrl: undefined,
        heartbeatMs: 1_000,
        dashboardDir: undefined,
        logLevel: "silent",
        ...(token ? { adminToken: token } : {}),
      },
    ),
    feed,
  });
  return { server, url: await server.listen() };
}

const admin = (base: string, method: string, path: string, body?: unknown) =>
  adminRequest(base, adminToken, method, path, body);

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "flagswitch-sdk-replicas-"));
  first = await startReplica();
  adminToken = first.server.firstAdminToken ?? "";
  await admin(first.url, "POST", "/api/v1/projects", { key: "shop", name: "Shop" });
  await admin(first.url, "POST", "/api/v1/projects/shop/flags", { key: "checkout" });
  await admin(first.url, "POST", "/api/v1/projects/shop/flags", { key: "banner" });
  const key = await admin(first.url, "POST", "/api/v1/keys", {
    kind: "server",
    name: "backend",
    project: "shop",
    environment: "production",
  });
  sdkKey = String(key.secret);
  second = await startReplica(adminToken);
}, 30_000);

afterAll(async () => {
  await client?.close();
  await second?.server.close();
  await first?.server.close().catch(() => {});
  feed.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

it("follows the surviving replica and misses no change", async () => {
  const errors: FlagSwitchError[] = [];
  client = createClient({
    sdkKey,
    baseUrl: [first.url, second.url],
    // No polling fallback: the change made during the outage must come through the resumed stream.
    source: createStreamingSource({ retry: { initialMs: 50, maxMs: 200 }, fallback: false }),
    events: false,
    logger: silentLogger,
  });
  client.on("error", (error) => errors.push(error));
  const c = client;
  const enabled = (flag: string) => c.boolVariation(flag, { key: "user-1" }, false);
  expect(await c.ready({ timeoutMs: 3_000 })).toBe("ready");
  expect(c.variationDetail("banner", { key: "user-1" }, false).reason.kind).toBe("OFF");
  expect(enabled("checkout")).toBe(false);

  await admin(first.url, "POST", `${PRODUCTION}/flags/checkout/toggle`, { enabled: true });
  await waitFor("the change through replica A", () => enabled("checkout"), 2_000);

  // A goes away; at once a change is made on B, before the client has reconnected.
  const stopped = performance.now();
  await first.server.close();
  await admin(second.url, "POST", `${PRODUCTION}/flags/banner/toggle`, { enabled: true });
  await waitFor("the change made on B while reconnecting", () => enabled("banner"), 5_000);
  const failover = performance.now() - stopped;
  console.log(
    `replica failover: change made on B during the outage seen after ${failover.toFixed(0)} ms`,
  );
  expect(
    errors.some((error) => error instanceof NetworkError && error.url.startsWith(first.url)),
  ).toBe(true);

  // And the stream now on B carries the next change in well under a second.
  const started = performance.now();
  await admin(second.url, "POST", `${PRODUCTION}/flags/checkout/toggle`, { enabled: false });
  await waitFor("a change streamed by B", () => !enabled("checkout"), 2_000);
  expect(performance.now() - started).toBeLessThan(1_000);
  expect(c.status).toBe("ready");
});
