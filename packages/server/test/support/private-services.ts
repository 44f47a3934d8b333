/**
 * Services the fault tests own, so they can kill and restart them: a redis-server on a random
 * port, and a PostgreSQL cluster made with initdb and run with pg_ctl (as the `postgres` user
 * when the tests run as root, as in CI). Also: which of the shared services (TEST_DATABASE_URL,
 * TEST_REDIS_URL) and binaries are there — under CI=true a missing one fails the run.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, type RunningProcess, startProcess } from "./processes.js";

const ci = process.env.CI === "true";

/** A reason to skip (outside CI), or undefined when everything named is available. */
export function missingServices(needs: {
  postgres?: boolean;
  redis?: boolean;
  redisServer?: boolean;
  privatePostgres?: boolean;
}): string | undefined {
  const missing: string[] = [];
  if (needs.postgres && !process.env.TEST_DATABASE_URL) missing.push("TEST_DATABASE_URL");
  if (needs.redis && !process.env.TEST_REDIS_URL) missing.push("TEST_REDIS_URL");
  if (needs.redisServer && !onPath("redis-server")) missing.push("the redis-server binary");
  if (needs.privatePostgres && !postgresBinaries()) {
    missing.push("PostgreSQL's initdb/pg_ctl (/usr/lib/postgresql/*/bin)");
  }
  if (missing.length === 0) return undefined;
  const reason = `needs ${missing.join(", ")}`;
  if (ci) throw new Error(`CI=true but the fault tests cannot run: ${reason}`);
  return reason;
}

function onPath(binary: string): boolean {
  try {
    execFileSync("sh", ["-c", `command -v ${binary}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

function postgresBinaries(): string | undefined {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((name) => existsSync(join(root, name, "bin", "pg_ctl")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], "bin") : undefined;
}

// ── Redis ──────────────────────────────────────────────────────────────────────────────────

export interface PrivateRedis {
  url: string;
  port: number;
  /** SIGKILL: every connection drops at once. */
  kill(): Promise<void>;
  /** Starts it again on the same port (empty: no persistence). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  let running: RunningProcess | undefined;
  const launch = async () => {
    running = startProcess("redis-server", [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--save",
      "",
      "--appendonly",
      "no",
    ]);
    await running.waitForOutput(/Ready to accept connections/, 10_000);
  };
  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async kill() {
      await running?.kill();
    },
    async restart() {
      await running?.kill();
      await launch();
    },
    async stop() {
      await running?.kill();
    },
  };
}

// ── PostgreSQL ─────────────────────────────────────────────────────────────────────────────

export interface PrivatePostgres {
  url: string;
  port: number;
  /** `pg_ctl stop -m fast`: open sessions are ended, as in a restart or failover. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it and removes its files. */
  destroy(): Promise<void>;
}

/** A throwaway cluster (trust auth on loopback, fsync off: it only has to survive a restart). */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = postgresBinaries();
  if (!bin) throw new Error("PostgreSQL binaries not found under /usr/lib/postgresql");
  const port = await freePort();
  const root = mkdtempSync(join(tmpdir(), "flagswitch-pg-"));
  // initdb refuses to run as root: run the cluster as `postgres` then.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    execFileSync("chown", ["postgres", root]);
    chmodSync(root, 0o700);
  }
  const run = (binary: string, args: string[]) => {
    const [command, fullArgs] = asRoot
      ? ["runuser", ["-u", "postgres", "--", join(bin, binary), ...args]]
      : [join(bin, binary), args];
    execFileSync(command as string, fullArgs as string[], { stdio: "pipe", timeout: 30_000 });
  };
  const data = join(root, "data");
  run("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
  const options = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100`;
  const start = async () =>
    run("pg_ctl", ["-D", data, "-l", join(root, "log"), "-o", options, "-w", "start"]);
  const stop = async () => run("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
  await start();
  let running = true;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    async stop() {
      await stop();
      running = false;
    },
    async start() {
      await start();
      running = true;
    },
    async destroy() {
      if (running) await stop().catch(() => {});
      rmSync(root, { recursive: true, force: true });
    },
  };
}
