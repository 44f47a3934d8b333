/**
 * Server settings from the environment (FLAGSWITCH_*, DATABASE_URL, REDIS_URL) and CLI flags,
 * validated: a bad value fails start-up naming the variable.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { z } from "zod";

export interface ServerConfig {
  port: number;
  host: string;
  /** Where the embedded SQLite database (and the demo credentials) live. */
  dataDir: string;
  /** PostgreSQL URL; absent = embedded SQLite. */
  databaseUrl: string | undefined;
  /** PostgreSQL schema (search_path); tests give each run its own. */
  postgresSchema: string | undefined;
  /** Accepted for deployments that set it; fan-out across replicas over Redis is not built yet. */
  redisUrl: string | undefined;
  /** Operator-chosen first admin token (headless deployments). */
  adminToken: string | undefined;
  heartbeatMs: number;
  failedAuth: { maxFailures: number; windowMs: number };
  limits: {
    adminBodyBytes: number;
    evaluateBodyBytes: number;
    eventsBodyBytes: number;
    maxEventsPerBatch: number;
  };
  sseMaxBufferedBytes: number;
  /** How long an Idempotency-Key's answer is kept. */
  idempotencyTtlHours: number;
  /** A built dashboard to serve at `/`; when absent a placeholder page explains. */
  dashboardDir: string | undefined;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  logRequests: boolean;
  /** Trust X-Forwarded-For from a proxy in front (for the failed-auth limiter's addresses). */
  trustProxy: boolean;
}

const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const environmentSchema = z.object({
  FLAGSWITCH_PORT: integer(0, 65535).default(8080),
  FLAGSWITCH_HOST: z.string().min(1).default("127.0.0.1"),
  FLAGSWITCH_DATA_DIR: z.string().min(1).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL")
    .optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "must be a redis:// URL")
    .optional(),
  FLAGSWITCH_ADMIN_TOKEN: z.string().min(24, "must be at least 24 characters").max(512).optional(),
  FLAGSWITCH_HEARTBEAT_MS: integer(10, 3_600_000).default(15_000),
  FLAGSWITCH_AUTH_MAX_FAILURES: integer(1, 1_000_000).default(20),
  FLAGSWITCH_AUTH_WINDOW_MS: integer(1, 86_400_000).default(60_000),
  FLAGSWITCH_DASHBOARD_DIR: z.string().min(1).optional(),
  FLAGSWITCH_LOG_LEVEL: z
    .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])
    .default("info"),
  FLAGSWITCH_LOG_REQUESTS: z.enum(["true", "false"]).default("false"),
  FLAGSWITCH_TRUST_PROXY: z.enum(["true", "false"]).default("false"),
});

/** Values left undefined fall back to the environment. */
export type ConfigOverrides = { [K in keyof ServerConfig]?: ServerConfig[K] | undefined };

/**
 * Reads the settings. `overrides` (CLI flags, tests) win over the environment.
 * @example resolveConfig(process.env, { port: 0 })
 */
export function resolveConfig(
  environment: Record<string, string | undefined> = process.env,
  overrides: ConfigOverrides = {},
  cwd: string = process.cwd(),
): ServerConfig {
  const parsed = environmentSchema.safeParse(
    Object.fromEntries(Object.entries(environment).filter(([, value]) => value !== "")),
  );
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`invalid server configuration — ${details.join("; ")}`);
  }
  const env = parsed.data;
  const repoRoot = findRepositoryRoot(cwd);
  const config: ServerConfig = {
    port: env.FLAGSWITCH_PORT,
    host: env.FLAGSWITCH_HOST,
    dataDir: resolve(cwd, env.FLAGSWITCH_DATA_DIR ?? join(repoRoot ?? cwd, ".data")),
    databaseUrl: env.DATABASE_URL,
    postgresSchema: undefined,
    redisUrl: env.REDIS_URL,
    adminToken: env.FLAGSWITCH_ADMIN_TOKEN,
    heartbeatMs: env.FLAGSWITCH_HEARTBEAT_MS,
    failedAuth: {
      maxFailures: env.FLAGSWITCH_AUTH_MAX_FAILURES,
      windowMs: env.FLAGSWITCH_AUTH_WINDOW_MS,
    },
    limits: {
      adminBodyBytes: 1024 * 1024,
      evaluateBodyBytes: 64 * 1024,
      eventsBodyBytes: 1024 * 1024,
      maxEventsPerBatch: 5000,
    },
    sseMaxBufferedBytes: 8 * 1024 * 1024,
    idempotencyTtlHours: 24,
    dashboardDir:
      env.FLAGSWITCH_DASHBOARD_DIR ??
      (repoRoot ? join(repoRoot, "packages", "dashboard", "dist") : undefined),
    logLevel: env.FLAGSWITCH_LOG_LEVEL,
    logRequests: env.FLAGSWITCH_LOG_REQUESTS === "true",
    trustProxy: env.FLAGSWITCH_TRUST_PROXY === "true",
  };
  const defined = Object.fromEntries(
    Object.entries(overrides).filter(([, value]) => value !== undefined),
  );
  return { ...config, ...defined };
}

/** The FlagSwitch repository containing `start`, when run from a clone; else undefined. */
export function findRepositoryRoot(start: string): string | undefined {
  let directory = resolve(start);
  for (;;) {
    const manifest = join(directory, "packages", "server", "package.json");
    if (existsSync(join(directory, "pnpm-workspace.yaml")) && existsSync(manifest)) {
      try {
        if (
          (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name ===
          "@flagswitch/server"
        ) {
          return directory;
        }
      } catch {
        // not ours; keep walking up
      }
    }
    const parent = dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}
