/**
 * Real processes for the fault tests: the server (the CLI bundled from src/), and helpers to
 * watch their output, stop them politely or kill them outright.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { inject } from "vitest";

/** A TCP port that was free a moment ago (the kernel picks it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  server.close();
  await once(server, "close");
  return port;
}

export interface RunningProcess {
  child: ChildProcess;
  pid: number;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** Resolves with the first match of `pattern` in the output (waits for it). */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL: no chance to clean up. */
  kill(): Promise<void>;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export function startProcess(
  command: string,
  args: string[],
  options: { env?: Record<string, string | undefined>; cwd?: string } = {},
): RunningProcess {
  const child = spawn(command, args, {
    env: options.env ?? process.env,
    cwd: options.cwd,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let text = "";
  const waiters = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    text += chunk.toString("utf8");
    for (const waiter of waiters) waiter();
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("exit", (code, signal) => {
      for (const waiter of waiters) waiter();
      resolve({ code, signal });
    });
  });
  let done = false;
  void exited.then(() => {
    done = true;
  });
  const running: RunningProcess = {
    child,
    pid: child.pid ?? -1,
    output: () => text,
    exited,
    waitForOutput(pattern, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = text.match(pattern);
          if (match) {
            finish();
            resolve(match);
          } else if (done) {
            finish();
            reject(
              new Error(
                `${command} exited before printing ${pattern}; output:\n${text.slice(-4000)}`,
              ),
            );
          }
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`no ${pattern} within ${timeoutMs} ms; output:\n${text.slice(-4000)}`));
        }, timeoutMs);
        const finish = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    async kill() {
      if (!done) child.kill("SIGKILL");
      await exited;
    },
    async stop(graceMs = 5000) {
      if (done) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
  return running;
}

export interface ServerProcess extends RunningProcess {
  url: string;
  port: number;
}

/** The admin token every fault-test server is started with (FLAGSWITCH_ADMIN_TOKEN). */
export const ADMIN_TOKEN = "fault-test-admin-token-0123456789abcdef";

export interface ServerProcessOptions {
  /** Data directory (the SQLite file lives there). */
  dataDir: string;
  databaseUrl?: string | undefined;
  redisUrl?: string | undefined;
  /** A fixed port (to restart on the same address); default: any free one. */
  port?: number;
  /** `serve --workers N`. */
  workers?: number;
  env?: Record<string, string>;
}

/** `node <bundled cli> serve`, waiting until it listens. */
export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const args = [inject("cliEntry"), "serve", "--port", String(port), "--host", "127.0.0.1"];
  if (options.workers) args.push("--workers", String(options.workers));
  const running = startProcess(process.execPath, args, {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      FLAGSWITCH_DATA_DIR: options.dataDir,
      FLAGSWITCH_ADMIN_TOKEN: ADMIN_TOKEN,
      FLAGSWITCH_LOG_LEVEL: "info",
      FLAGSWITCH_HEARTBEAT_MS: "1000",
      FLAGSWITCH_DASHBOARD_DIR: "/nonexistent",
      // Tests hammer the API from one address.
      FLAGSWITCH_AUTH_MAX_FAILURES: "100000",
      ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
      ...(options.redisUrl ? { REDIS_URL: options.redisUrl } : {}),
      ...options.env,
    },
  });
  const ready = options.workers
    ? /workers serving (http:\/\/\S+)/
    : /FlagSwitch server \S+ listening on (http:\/\/\S+)/;
  try {
    const match = await running.waitForOutput(ready, 30_000);
    return Object.assign(running, { url: match[1] as string, port });
  } catch (error) {
    await running.kill();
    throw error;
  }
}
