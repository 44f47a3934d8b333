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
  /** Redis for several replicas: changes fan out over pub/sub, documents are mirrored there. */
  redisUrl: string | undefined;
  /** Prefix of every Redis key and channel, so several deployments can share one Redis. */
  redisPrefix: string;
  /**
   * With replicas (Redis or `--workers`): how often each one compares its documents' versions
   * with the database, so a change whose message was lost still arrives (ms; 0 = never).
   */
  reconcileMs: number;
  /** Processes serving one port (`flagswitch serve --workers N`); 1 = this process alone. */
  workers: number;
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
  /** Open SSE streams per replica, in all and per SDK key (beyond: 503 and 429). */
  sseMaxStreams: number;
  sseMaxStreamsPerKey: number;
  /**
   * Open admin change streams (`/api/v1/changes/stream`) per replica, in all and per admin
   * token (beyond: 503 and 429); counted apart from SDK streams, so neither crowds out the other.
   */
  adminStreamMaxStreams: number;
  adminStreamMaxStreamsPerToken: number;
  /** Bounds on slow or idle clients (slowloris): see `createFastify`. */
  http: HttpLimits;
  /** How long an Idempotency-Key's answer is kept. */
  idempotencyTtlHours: number;
  /** A built dashboard to serve at `/`; when absent a placeholder page explains. */
  dashboardDir: string | undefined;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  logRequests: boolean;
  /** Trust X-Forwarded-For from a proxy in front (for the failed-auth limiter's addresses). */
  trustProxy: boolean;
}

export interface HttpLimits {
  /** Time to receive a request's headers (ms). */
  headersTimeoutMs: number;
  /** Time to receive a whole request, body included (ms); streams' responses are not bound. */
  requestTimeoutMs: number;
  /** A socket with no traffic either way for this long is closed (ms); above the SSE heartbeat. */
  idleTimeoutMs: number;
  /** How long a keep-alive connection waits for its next request (ms). */
  keepAliveTimeoutMs: number;
  /** Open connections per replica (0 = no bound besides the file-descriptor limit). */
  maxConnections: number;
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
  FLAGSWITCH_REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,64}$/, "must be 1–64 letters, digits or _ . : -")
    .default("flagswitch"),
  FLAGSWITCH_RECONCILE_MS: integer(0, 3_600_000).default(30_000),
  FLAGSWITCH_WORKERS: integer(1, 64).default(1),
  FLAGSWITCH_SSE_MAX_STREAMS: integer(1, 1_000_000).default(20_000),
  FLAGSWITCH_SSE_MAX_STREAMS_PER_KEY: integer(1, 1_000_000).default(5_000),
  FLAGSWITCH_ADMIN_STREAM_MAX_STREAMS: integer(1, 1_000_000).default(1_000),
  FLAGSWITCH_ADMIN_STREAM_MAX_STREAMS_PER_TOKEN: integer(1, 1_000_000).default(50),
  FLAGSWITCH_HEADERS_TIMEOUT_MS: integer(100, 600_000).default(10_000),
  FLAGSWITCH_REQUEST_TIMEOUT_MS: integer(100, 3_600_000).default(30_000),
  FLAGSWITCH_IDLE_TIMEOUT_MS: integer(100, 3_600_000).optional(),
  FLAGSWITCH_KEEP_ALIVE_TIMEOUT_MS: integer(100, 3_600_000).default(72_000),
  FLAGSWITCH_MAX_CONNECTIONS: integer(0, 10_000_000).default(0),
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
    redisPrefix: env.FLAGSWITCH_REDIS_PREFIX,
    reconcileMs: env.FLAGSWITCH_RECONCILE_MS,
    workers: env.FLAGSWITCH_WORKERS,
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
    sseMaxStreams: env.FLAGSWITCH_SSE_MAX_STREAMS,
    sseMaxStreamsPerKey: env.FLAGSWITCH_SSE_MAX_STREAMS_PER_KEY,
    adminStreamMaxStreams: env.FLAGSWITCH_ADMIN_STREAM_MAX_STREAMS,
    adminStreamMaxStreamsPerToken: env.FLAGSWITCH_ADMIN_STREAM_MAX_STREAMS_PER_TOKEN,
    http: {
      headersTimeoutMs: env.FLAGSWITCH_HEADERS_TIMEOUT_MS,
      requestTimeoutMs: env.FLAGSWITCH_REQUEST_TIMEOUT_MS,
      // Streams write a heartbeat every heartbeatMs: an idle bound below that would cut them.
      idleTimeoutMs:
        env.FLAGSWITCH_IDLE_TIMEOUT_MS ?? Math.max(120_000, env.FLAGSWITCH_HEARTBEAT_MS * 4),
      keepAliveTimeoutMs: env.FLAGSWITCH_KEEP_ALIVE_TIMEOUT_MS,
      maxConnections: env.FLAGSWITCH_MAX_CONNECTIONS,
    },
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
  const resolved: ServerConfig = { ...config, ...defined };
  checkTimeouts(resolved);
  return resolved;
}

/** Bounds that only make sense together: fail start-up naming the variables. */
function checkTimeouts(config: ServerConfig): void {
  const { http } = config;
  if (http.idleTimeoutMs <= config.heartbeatMs) {
    throw new Error(
      `invalid server configuration — FLAGSWITCH_IDLE_TIMEOUT_MS (${http.idleTimeoutMs}) must be above FLAGSWITCH_HEARTBEAT_MS (${config.heartbeatMs}), or idle streams are cut between heartbeats`,
    );
  }
  if (http.headersTimeoutMs > http.requestTimeoutMs) {
    throw new Error(
      `invalid server configuration — FLAGSWITCH_HEADERS_TIMEOUT_MS (${http.headersTimeoutMs}) must not exceed FLAGSWITCH_REQUEST_TIMEOUT_MS (${http.requestTimeoutMs})`,
    );
  }
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
