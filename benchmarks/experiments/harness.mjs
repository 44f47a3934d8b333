/**
 * What the experiment benchmarks run: the server (and its ingestion function) and the
 * @flagswitch/sdk client, bundled from their src/ with esbuild so no build is needed and the code
 * measured is the code in the tree. The server runs in this process on the embedded SQLite
 * database (a fresh temporary directory), listening on loopback.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const serverPackage = join(root, "packages", "server");

const ENTRY = `
export { createServer, resolveConfig } from "./src/index.ts";
export { ingestEventBatch } from "./src/experiments/ingestion.ts";
export { createClient } from "../sdk/src/index.ts";
`;

/** Bundles server + SDK once; returns the module. */
export async function loadHarness() {
  // The server's dependencies resolve from its node_modules; the SDK's few are bundled.
  const manifest = JSON.parse(readFileSync(join(serverPackage, "package.json"), "utf8"));
  const external = Object.keys(manifest.dependencies).filter(
    (name) => !name.startsWith("@flagswitch/"),
  );
  // Under the server's node_modules so that its dependencies resolve from the bundle.
  const outdir = join(serverPackage, "node_modules", ".cache", "flagswitch-bench-experiments");
  mkdirSync(outdir, { recursive: true });
  const outfile = join(outdir, "harness.mjs");
  await build({
    stdin: { contents: ENTRY, resolveDir: serverPackage, loader: "ts", sourcefile: "harness.ts" },
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    conditions: ["@flagswitch/source"],
    external,
    logLevel: "error",
  });
  return import(`${pathToFileURL(outfile).href}?t=${Date.now()}`);
}

/**
 * A server on loopback over a fresh SQLite directory, with an admin-call helper.
 * @param {any} harness
 */
export async function startServer(harness) {
  const dataDir = mkdtempSync(join(tmpdir(), "flagswitch-bench-exp-"));
  const config = harness.resolveConfig(
    {},
    {
      port: 0,
      host: "127.0.0.1",
      dataDir,
      databaseUrl: undefined,
      logLevel: "error",
      dashboardDir: undefined,
      adminToken: "bench-experiments-admin-token-0123456789",
    },
  );
  const server = await harness.createServer({ config });
  const url = await server.listen();
  const token = server.firstAdminToken ?? "bench-experiments-admin-token-0123456789";
  /** @param {string} method @param {string} path @param {unknown} [body] */
  async function admin(method, path, body) {
    try {
      return await call(method, path, body);
    } catch (error) {
      // A keep-alive socket the server closed while idle (a long ingestion between two calls)
      // fails the next request with ECONNRESET: a GET is safe to send again.
      if (method !== "GET" || !(error instanceof TypeError)) throw error;
      return call(method, path, body);
    }
  }
  /** @param {string} method @param {string} path @param {unknown} [body] */
  async function call(method, path, body) {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (response.status >= 300) throw new Error(`${method} ${path} → ${response.status}: ${text}`);
    return text ? JSON.parse(text) : undefined;
  }
  return {
    url,
    server,
    admin,
    async close() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Project "bench" with a production SDK key; returns the key and the environment id.
 * @param {Awaited<ReturnType<typeof startServer>>} s
 */
export async function seedProject(s) {
  await s.admin("POST", "/api/v1/projects", { key: "bench", name: "Bench" });
  const key = await s.admin("POST", "/api/v1/keys", {
    kind: "server",
    name: "bench",
    project: "bench",
    environment: "production",
  });
  const environment = await s.server.services.db
    .selectFrom("environments")
    .innerJoin("projects", "projects.id", "environments.project_id")
    .select("environments.id")
    .where("projects.key", "=", "bench")
    .where("environments.key", "=", "production")
    .executeTakeFirstOrThrow();
  return { sdkKey: key.secret, environmentId: environment.id };
}

/**
 * A flag with `variations` (keys a, b, c…), split evenly, on, with a running experiment whose
 * primary metric is the binomial `eventKey`.
 * @param {Awaited<ReturnType<typeof startServer>>} s
 * @param {{ flag: string, experiment: string, variations: number, eventKey: string, secondary?: Array<{eventKey: string, kind: string}> }} options
 */
export async function startExperiment(s, options) {
  const keys = "abcdefgh".slice(0, options.variations).split("");
  await s.admin("POST", "/api/v1/projects/bench/flags", {
    key: options.flag,
    variations: keys.map((key) => ({ key, value: key })),
  });
  const env = "/api/v1/projects/bench/environments/production";
  const share = Math.floor(100 / keys.length);
  const split = Object.fromEntries(
    keys.map((key, index) => [key, index === 0 ? 100 - share * (keys.length - 1) : share]),
  );
  await s.admin("POST", `${env}/flags/${options.flag}/rollout`, { split });
  await s.admin("POST", `${env}/flags/${options.flag}/toggle`, { enabled: true });
  await s.admin("POST", "/api/v1/projects/bench/experiments", {
    key: options.experiment,
    flag: options.flag,
    environment: "production",
    controlVariation: "a",
    primaryMetric: { eventKey: options.eventKey, kind: "binomial" },
    ...(options.secondary ? { secondaryMetrics: options.secondary } : {}),
  });
  await s.admin("POST", `/api/v1/projects/bench/experiments/${options.experiment}/start`);
  return keys;
}

/** Percentile (0..100), nearest rank. @param {number[]} values @param {number} p */
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return (
    sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN
  );
}
