/**
 * `flagswitch serve`: run the server (migrating the database first), until SIGINT/SIGTERM —
 * alone, or as `--workers N` processes sharing the port (see cluster/cluster-primary.ts).
 */
import cluster from "node:cluster";
import { availableParallelism } from "node:os";
import {
  runClusterPrimary,
  WORKER_INDEX_VARIABLE,
  WORKER_READY_TAG,
  type WorkerReady,
} from "../../cluster/cluster-primary.js";
import { createIpcChangeFeed } from "../../cluster/ipc-change-feed.js";
import { resolveConfig } from "../../config.js";
import { seedDemo } from "../../seed/demo.js";
import { createServer } from "../../server.js";
import { SERVER_VERSION } from "../../version.js";
import { numberOption, parse, stringOption } from "../args.js";
import { CliError, type CliIo } from "../io.js";

export const SERVE_HELP = `flagswitch serve [options]

  --port N            port (FLAGSWITCH_PORT, default 8080; 0 = any free port)
  --host H            address to bind (FLAGSWITCH_HOST, default 127.0.0.1)
  --database-url URL  PostgreSQL (DATABASE_URL); default: embedded SQLite in the data dir
  --data-dir DIR      data directory (FLAGSWITCH_DATA_DIR, default <repo>/.data or ./.data)
  --redis-url URL     Redis: changes fan out to every replica (REDIS_URL)
  --workers N|auto    N processes sharing the port, each a replica (FLAGSWITCH_WORKERS, default 1)
  --seed-demo         on an empty database, create the demo project and print its keys
Also: FLAGSWITCH_ADMIN_TOKEN sets the first admin token (headless deployments).
`;

export async function serveCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parse(argv, {
    port: { type: "string" },
    host: { type: "string" },
    "database-url": { type: "string" },
    "data-dir": { type: "string" },
    "redis-url": { type: "string" },
    workers: { type: "string" },
    "seed-demo": { type: "boolean" },
  });
  if (args.values.help) {
    io.stdout(SERVE_HELP);
    return 0;
  }
  const env = { ...io.env };
  const dataDir = stringOption(args, "data-dir");
  if (dataDir) env.FLAGSWITCH_DATA_DIR = dataDir;
  const config = resolveConfig(env, {
    port: numberOption(args, "port"),
    host: stringOption(args, "host"),
    databaseUrl: stringOption(args, "database-url"),
    redisUrl: stringOption(args, "redis-url"),
    workers: workersOption(stringOption(args, "workers")),
  });
  if (config.workers > 1 && cluster.isPrimary) {
    return runClusterPrimary({ workers: config.workers, io, relayChanges: !config.redisUrl });
  }
  const workerIndex = cluster.isWorker ? Number(io.env[WORKER_INDEX_VARIABLE] ?? "1") : 1;
  const server = await createServer({
    config,
    logger: true,
    // Workers without Redis hear each other through the primary, and check the database too.
    ...(cluster.isWorker && !config.redisUrl
      ? { feed: createIpcChangeFeed(), reconcile: true }
      : {}),
  });
  try {
    const url = await server.listen();
    const lines = [
      `FlagSwitch server ${SERVER_VERSION} listening on ${url}`,
      `  dashboard: ${url}/  (sign in with an admin token)`,
      `  database:  ${server.services.dialect === "sqlite" ? `SQLite at ${config.dataDir}` : "PostgreSQL"}`,
      `  API:       ${url}/api/openapi.json`,
    ];
    // In a cluster the first worker seeds and speaks; the others only serve.
    const outcome =
      args.values["seed-demo"] && workerIndex === 1 ? await seedDemo(server) : undefined;
    if (server.firstAdminToken && outcome?.credentials?.adminToken !== server.firstAdminToken) {
      lines.push(
        "",
        "First admin token (shown once — store it now; only its hash is kept):",
        `  ${server.firstAdminToken}`,
      );
    }
    if (outcome) {
      if (outcome.credentials) {
        const demo = outcome.credentials;
        lines.push(
          "",
          `Demo project "${demo.project}" (${outcome.seeded ? "created now" : "already there"}), environment "${demo.environment}":`,
          `  admin token      ${demo.adminToken}`,
          `  server SDK key   ${demo.serverKey}`,
          `  client-side key  ${demo.clientKey}`,
          "",
          "Try:",
          `  curl -H "Authorization: ${demo.serverKey}" ${url}/sdk/v1/flags`,
          `  FLAGSWITCH_URL=${url} FLAGSWITCH_TOKEN=${demo.adminToken} flagswitch flags list --project ${demo.project} --env ${demo.environment}`,
        );
      } else {
        lines.push("", `Demo not seeded: ${outcome.reason}.`);
      }
    }
    if (workerIndex === 1) io.stdout(`${lines.join("\n")}\n`);
    if (cluster.isWorker) {
      const ready: WorkerReady = { tag: WORKER_READY_TAG, url };
      process.send?.(ready);
    } else {
      io.onListening?.(url);
    }
    await new Promise<void>((resolve) => {
      if (io.signal?.aborted) resolve();
      io.signal?.addEventListener("abort", () => resolve(), { once: true });
      // A worker whose primary is gone has nobody to share the port with: it stops too.
      if (cluster.isWorker) process.once("disconnect", () => resolve());
    });
    return 0;
  } finally {
    await server.close();
    // The IPC channel to the primary would keep a worker alive after its server closed.
    if (cluster.isWorker) process.disconnect?.();
  }
}

/** `--workers N` or `auto` (one per core); absent: FLAGSWITCH_WORKERS or 1. */
function workersOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (value === "auto") return availableParallelism();
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1 || count > 64) {
    throw new CliError(
      `--workers must be a whole number from 1 to 64, or "auto"; got "${value}"`,
      2,
    );
  }
  return count;
}
