/** `flagswitch serve`: run the server (migrating the database first), until SIGINT/SIGTERM. */
import { resolveConfig } from "../../config.js";
import { seedDemo } from "../../seed/demo.js";
import { createServer } from "../../server.js";
import { SERVER_VERSION } from "../../version.js";
import { numberOption, parse, stringOption } from "../args.js";
import type { CliIo } from "../io.js";

export const SERVE_HELP = `flagswitch serve [options]

  --port N            port (FLAGSWITCH_PORT, default 8080; 0 = any free port)
  --host H            address to bind (FLAGSWITCH_HOST, default 127.0.0.1)
  --database-url URL  PostgreSQL (DATABASE_URL); default: embedded SQLite in the data dir
  --data-dir DIR      data directory (FLAGSWITCH_DATA_DIR, default <repo>/.data or ./.data)
  --redis-url URL     Redis for several replicas (REDIS_URL; accepted, not used yet)
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
  });
  const server = await createServer({ config, logger: true });
  try {
    const url = await server.listen();
    const lines = [
      `FlagSwitch server ${SERVER_VERSION} listening on ${url}`,
      `  database: ${server.services.dialect === "sqlite" ? `SQLite at ${config.dataDir}` : "PostgreSQL"}`,
      `  API:      ${url}/api/openapi.json`,
    ];
    const outcome = args.values["seed-demo"] ? await seedDemo(server) : undefined;
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
    io.stdout(`${lines.join("\n")}\n`);
    io.onListening?.(url);
    await new Promise<void>((resolve) => {
      if (io.signal?.aborted) resolve();
      io.signal?.addEventListener("abort", () => resolve(), { once: true });
    });
    return 0;
  } finally {
    await server.close();
  }
}
