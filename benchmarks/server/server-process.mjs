/**
 * The server under test as real processes: the `flagswitch` CLI bundled from packages/server/src
 * (esbuild, so no build is needed and the code measured is the code in the tree), started with
 * `serve`, and its resident memory read from /proc (the whole process tree with `--workers`).
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const serverPackage = join(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "packages",
  "server",
);

/** The admin token every benchmark server starts with (FLAGSWITCH_ADMIN_TOKEN). */
export const ADMIN_TOKEN = "benchmark-admin-token-0123456789abcdef";

/** Bundles the CLI; returns the path to run with `node`. */
export async function bundleCli() {
  const manifest = JSON.parse(readFileSync(join(serverPackage, "package.json"), "utf8"));
  const external = Object.keys(manifest.dependencies).filter(
    (name) => !name.startsWith("@flagswitch/"),
  );
  // Under the server's node_modules so that its dependencies resolve from the bundle.
  const outdir = join(serverPackage, "node_modules", ".cache", "flagswitch-bench");
  mkdirSync(outdir, { recursive: true });
  const outfile = join(outdir, "cli.mjs");
  await build({
    entryPoints: [join(serverPackage, "src", "cli.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    conditions: ["@flagswitch/source"],
    external,
    logLevel: "error",
  });
  return outfile;
}

/** A TCP port that was free a moment ago. */
export async function freePort() {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  server.close();
  await once(server, "close");
  return port;
}

/**
 * `node <cli> serve`, resolved once it listens.
 * @param {{ cli: string, dataDir: string, databaseUrl?: string, redisUrl?: string,
 *   redisPrefix?: string, workers?: number }} options
 */
export async function startServer(options) {
  const port = await freePort();
  const args = [options.cli, "serve", "--port", String(port), "--host", "127.0.0.1"];
  if (options.workers && options.workers > 1) args.push("--workers", String(options.workers));
  const child = spawn(process.execPath, args, {
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      FLAGSWITCH_DATA_DIR: options.dataDir,
      FLAGSWITCH_ADMIN_TOKEN: ADMIN_TOKEN,
      FLAGSWITCH_LOG_LEVEL: "warn",
      FLAGSWITCH_DASHBOARD_DIR: "/nonexistent",
      // One address sends everything, and 5,000 streams share one SDK key.
      FLAGSWITCH_AUTH_MAX_FAILURES: "1000000",
      FLAGSWITCH_SSE_MAX_STREAMS_PER_KEY: "20000",
      ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
      ...(options.redisUrl ? { REDIS_URL: options.redisUrl } : {}),
      ...(options.redisPrefix ? { FLAGSWITCH_REDIS_PREFIX: options.redisPrefix } : {}),
    },
  });
  let output = "";
  const ready =
    options.workers && options.workers > 1
      ? /workers serving (http:\/\/\S+)/
      : /listening on (http:\/\/\S+)/;
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not start in 30 s:\n${output}`)),
      30_000,
    );
    const collect = (chunk) => {
      output += chunk.toString("utf8");
      const match = output.match(ready);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before listening:\n${output}`));
    });
  });
  return {
    url: /** @type {string} */ (url),
    pid: /** @type {number} */ (child.pid),
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await once(child, "exit");
      clearTimeout(timer);
    },
  };
}

/**
 * A bare node:http server answering `bytes` bytes to every request: the reference for what the
 * machine and the load generator alone cost.
 */
export async function startBareServer(bytes) {
  const port = await freePort();
  const source = `const body = Buffer.alloc(${bytes}, 120);
require("node:http").createServer((request, response) => {
  response.writeHead(200, { "content-type": "application/json" });
  response.end(body);
}).listen(${port}, "127.0.0.1", () => console.log("listening"));`;
  const child = spawn(process.execPath, ["-e", source], { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise((resolve, reject) => {
    child.stdout.once("data", resolve);
    child.once("exit", (code) => reject(new Error(`reference server exited (${code})`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: /** @type {number} */ (child.pid),
    async stop() {
      child.kill("SIGKILL");
      if (child.exitCode === null && child.signalCode === null) await once(child, "exit");
    },
  };
}

/** Resident memory (bytes) of a process and all its descendants (cluster workers). */
export function treeRss(pid) {
  let total = 0;
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    total += Number(status.match(/VmRSS:\s+(\d+) kB/)?.[1] ?? 0) * 1024;
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim();
    for (const child of children ? children.split(/\s+/) : []) total += treeRss(Number(child));
  } catch {
    // the process ended meanwhile
  }
  return total;
}

/** CPU time (ms, user + system) a process and its live descendants have used so far. */
export function treeCpuMs(pid) {
  let total = 0;
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    total += ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim();
    for (const child of children ? children.split(/\s+/) : []) total += treeCpuMs(Number(child));
  } catch {
    // the process ended meanwhile
  }
  return total;
}

/** USER_HZ: 100 on every Linux architecture Node runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

/** Samples the resident memory of some processes every 200 ms; `stop()` returns the peak. */
export function sampleMemory(pids) {
  let peak = 0;
  const sample = () => {
    peak = Math.max(
      peak,
      pids.reduce((sum, pid) => sum + treeRss(pid), 0),
    );
  };
  sample();
  const timer = setInterval(sample, 200);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}

export const mb = (bytes) => `${Math.round(bytes / 2 ** 20)} MB`;
