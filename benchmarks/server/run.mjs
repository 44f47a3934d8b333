/**
 * Server benchmarks (issue 5), on loopback against real server processes over PostgreSQL:
 * seeded with 500 projects and 10,000 flags, then
 *   - GET /sdk/v1/flags: 304, 200 for a 20-flag and a 200-flag environment (throughput, p99),
 *     and p99 at the mission's 500 req/s (next to a bare node:http server's, for reference);
 *   - POST /sdk/v1/events: ingestion rate in batches of 100 events;
 *   - SSE fan-out: 5,000 streams, time from a write to the last stream's patch;
 *   - the same with `--workers 2` (both cores), and with two replicas behind Redis;
 *   - the server's resident memory (peak) and CPU time per request under each load.
 *
 *   node benchmarks/server/run.mjs        (or: cd benchmarks && npm run bench:server)
 *
 * Needs PostgreSQL and Redis: BENCH_DATABASE_URL (a server where it may CREATE DATABASE; default
 * TEST_DATABASE_URL, else postgres://postgres:postgres@127.0.0.1:5432/postgres) and
 * BENCH_REDIS_URL (default TEST_REDIS_URL, else redis://127.0.0.1:6379). BENCH_SECONDS sets
 * each load's duration (default 10), BENCH_STREAMS the fan-out (default 5000). On a shared
 * machine BENCH_PRIORITY (a nice value, e.g. -10; negative needs root) runs this process, the
 * load it generates and the servers it starts ahead of the neighbours.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { loadavg, setPriority, tmpdir } from "node:os";
import { join } from "node:path";
import { machine } from "../fixtures.mjs";
import { fanOut, percentile } from "./fan-out.mjs";
import { currentEtag, eventBatchRequests, load } from "./http-load.mjs";
import { FLAG_COUNT, PROJECT_COUNT, SMALL_PROJECT, seed } from "./seed.mjs";
import {
  bundleCli,
  mb,
  sampleMemory,
  startBareServer,
  startServer,
  treeCpuMs,
  treeRss,
} from "./server-process.mjs";

// The PostgreSQL and Redis clients the server itself uses.
const serverRequire = createRequire(new URL("../../packages/server/package.json", import.meta.url));
const pg = serverRequire("pg");
const { createClient } = serverRequire("redis");

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const streamCount = Number(process.env.BENCH_STREAMS ?? 5000);
const postgresServer =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  "postgres://postgres:postgres@127.0.0.1:5432/postgres";
const redisUrl =
  process.env.BENCH_REDIS_URL ?? process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const priority = process.env.BENCH_PRIORITY ? Number(process.env.BENCH_PRIORITY) : undefined;
// Inherited by the server processes started below.
if (priority !== undefined) setPriority(priority);
const runId = randomBytes(4).toString("hex");
const databaseName = `flagswitch_bench_${runId}`;
const redisPrefix = `flagswitch-bench-${runId}`;

/** @type {Array<Record<string, string | number>>} */
const rows = [];
const record = (row) => {
  rows.push(row);
  console.log(JSON.stringify(row));
};

/** The rows as a Markdown table for RESULTS.md (fan-out rows: the write → patch delays). */
function markdownTable(table) {
  const lines = [
    "| setup | measurement | req/s (or events/s) | p50 ms | p99 ms | server CPU µs/req | 2-core capacity req/s | peak RSS | load avg |",
    "|---|---|---|---|---|---|---|---|---|",
  ];
  for (const row of table) {
    const fanOut = row.lastStreamP99 !== undefined;
    const cells = fanOut
      ? [
          row.setup,
          `${row.name}: write → last stream's patch (any stream's p50 ${row.anyStreamP50} ms)`,
          "",
          row.lastStreamP50,
          row.lastStreamP99,
          "",
          "",
          row.peakRss,
          row.loadAverage,
        ]
      : [
          row.setup,
          row.name,
          row.eventsPerSecond ?? row.requestsPerSecond ?? (row.seconds ? `${row.seconds} s` : ""),
          row.p50 ?? "",
          row.p99 ?? "",
          row.cpuUsPerRequest ?? "",
          row.twoCoreCapacity ?? "",
          row.peakRss ?? row.rss ?? row.rssAfterSeed ?? "",
          row.loadAverage ?? "",
        ];
    lines.push(`| ${cells.join(" | ")} |`);
  }
  return lines.join("\n");
}

async function withDatabaseAdmin(statement) {
  const client = new pg.Client({ connectionString: postgresServer });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Runs `work` while sampling the memory of `pids`; adds the peak to its row. */
async function measured(setup, name, pids, work) {
  const memory = sampleMemory(pids);
  const cpuBefore = pids.reduce((sum, pid) => sum + treeCpuMs(pid), 0);
  const result = await work();
  const cpuMs = pids.reduce((sum, pid) => sum + treeCpuMs(pid), 0) - cpuBefore;
  // The machine is shared, so wall-clock throughput depends on the neighbours (the load average
  // says how much); the server's CPU time per request depends on them far less: from it, what
  // two otherwise idle cores would carry.
  const served = result.rateLimited ? 0 : (result.served ?? 0);
  const cpuUsPerRequest = served > 0 ? Math.round((cpuMs * 1000) / served) : undefined;
  record({
    setup,
    name,
    ...result,
    ...(cpuUsPerRequest
      ? { cpuUsPerRequest, twoCoreCapacity: Math.round(2e6 / cpuUsPerRequest) }
      : {}),
    serverCpuSeconds: Number((cpuMs / 1000).toFixed(1)),
    peakRss: mb(memory.stop()),
    loadAverage: loadavg()[0]?.toFixed(1) ?? "?",
  });
  return result;
}

/** The GET /sdk/v1/flags loads against one or several base URLs at once (summed). */
async function sdkFlagLoads(setup, urls, pids, keys) {
  const perUrl = Math.max(1, Math.floor(50 / urls.length));
  const both = async (options) => {
    const results = await Promise.all(
      urls.map((url) => load({ url, connections: perUrl, seconds, ...options })),
    );
    return {
      requestsPerSecond: results.reduce((sum, result) => sum + result.requestsPerSecond, 0),
      served: results.reduce((sum, result) => sum + result.served, 0),
      p50: Math.max(...results.map((result) => result.p50)),
      p99: Math.max(...results.map((result) => result.p99)),
      unexpected: results.reduce((sum, result) => sum + result.unexpected + result.errors, 0),
    };
  };
  const small = await currentEtag(urls[0], keys.smallKey);
  const big = await currentEtag(urls[0], keys.bigKey);
  // Warm-up, not recorded: the JIT compiles the hot paths, the connections are opened.
  await both({ path: "/sdk/v1/flags", headers: { authorization: keys.smallKey }, seconds: 3 });
  await measured(setup, "GET /sdk/v1/flags 304 (20 flags)", pids, () =>
    both({
      path: "/sdk/v1/flags",
      headers: { authorization: keys.smallKey, "if-none-match": small.etag },
      expectStatus: 304,
    }),
  );
  await measured(setup, `GET /sdk/v1/flags 200 (20 flags, ${small.bytes} B)`, pids, () =>
    both({
      path: "/sdk/v1/flags",
      headers: { authorization: keys.smallKey, "accept-encoding": "identity" },
    }),
  );
  await measured(setup, `GET /sdk/v1/flags 200 (200 flags, ${big.bytes} B)`, pids, () =>
    both({
      path: "/sdk/v1/flags",
      headers: { authorization: keys.bigKey, "accept-encoding": "identity" },
    }),
  );
}

const cli = await bundleCli();
await withDatabaseAdmin(`create database ${databaseName}`);
const dataDir = mkdtempSync(join(tmpdir(), "flagswitch-bench-"));
const databaseUrl = Object.assign(new URL(postgresServer), {
  pathname: `/${databaseName}`,
}).toString();
const started = [];
const start = async (options = {}) => {
  const server = await startServer({ cli, dataDir, databaseUrl, ...options });
  started.push(server);
  return server;
};

try {
  console.log(
    `server benchmarks — ${await machine()} — ${new Date().toISOString()}${priority === undefined ? "" : ` — nice ${priority}`}`,
  );

  // ── One process ──────────────────────────────────────────────────────────────────────────
  const single = await start();
  const keys = await seed(single.url);
  record({
    setup: "one process",
    name: `seed ${PROJECT_COUNT} projects / ${FLAG_COUNT} flags via the admin API`,
    seconds: Math.round(keys.seconds),
    rssAfterSeed: mb(treeRss(single.pid)),
  });
  await sdkFlagLoads("one process", [single.url], [single.pid], keys);
  // At a fixed 500 req/s the tail is the machine's (scheduling, neighbours) more than the
  // server's: a bare node:http server answering the same bytes, measured in turn with the same
  // load, tells which. Three rounds each, the median p99 of each reported.
  const reference = await startBareServer((await currentEtag(single.url, keys.smallKey)).bytes);
  const rounds = { flagswitch: /** @type {number[]} */ ([]), bare: /** @type {number[]} */ ([]) };
  const atMissionRate = (url, path, headers) =>
    load({ url, path, headers, connections: 10, seconds, overallRate: 500 });
  try {
    for (let round = 0; round < 3; round += 1) {
      const ours = await measured(
        "one process",
        "GET /sdk/v1/flags 200 (20 flags) at 500 req/s",
        [single.pid],
        () => atMissionRate(single.url, "/sdk/v1/flags", { authorization: keys.smallKey }),
      );
      rounds.flagswitch.push(ours.p99);
      const bare = await measured(
        "reference",
        "bare node:http, same body, at 500 req/s",
        [reference.pid],
        () => atMissionRate(reference.url, "/", {}),
      );
      rounds.bare.push(bare.p99);
    }
  } finally {
    await reference.stop();
  }
  record({
    setup: "one process",
    name: "p99 at 500 req/s, median of 3 rounds (bare node:http in brackets)",
    p99: `${percentile(rounds.flagswitch, 50)} (${percentile(rounds.bare, 50)})`,
  });
  const batchSize = 100;
  await measured(
    "one process",
    `POST /sdk/v1/events, batches of ${batchSize}`,
    [single.pid],
    async () => {
      const result = await load({
        url: single.url,
        connections: 10,
        seconds,
        expectStatus: 202,
        ...eventBatchRequests(keys.smallKey, batchSize),
      });
      return { eventsPerSecond: result.requestsPerSecond * batchSize, ...result };
    },
  );
  await measured("one process", `SSE fan-out to ${streamCount} streams`, [single.pid], () =>
    fanOut({
      urls: [single.url],
      writeUrl: single.url,
      sdkKey: keys.smallKey,
      streams: streamCount,
      writes: 10,
      flagPath: `/api/v1/projects/${SMALL_PROJECT}/environments/production/flags/flag-001`,
    }),
  );
  record({ setup: "one process", name: "idle after the loads", rss: mb(treeRss(single.pid)) });
  await single.stop();

  // ── --workers 2: both cores ──────────────────────────────────────────────────────────────
  const clustered = await start({ workers: 2 });
  await sdkFlagLoads("--workers 2", [clustered.url], [clustered.pid], keys);
  await clustered.stop();

  // ── Two replicas behind Redis ────────────────────────────────────────────────────────────
  const replicaA = await start({ redisUrl, redisPrefix });
  const replicaB = await start({ redisUrl, redisPrefix });
  const replicaPids = [replicaA.pid, replicaB.pid];
  await sdkFlagLoads("2 replicas + Redis", [replicaA.url, replicaB.url], replicaPids, keys);
  await measured(
    "2 replicas + Redis",
    `SSE fan-out to ${streamCount} streams (half on each)`,
    replicaPids,
    () =>
      fanOut({
        urls: [replicaA.url, replicaB.url],
        writeUrl: replicaA.url,
        sdkKey: keys.smallKey,
        streams: streamCount,
        writes: 10,
        flagPath: `/api/v1/projects/${SMALL_PROJECT}/environments/production/flags/flag-001`,
      }),
  );
  console.log(`\n${markdownTable(rows)}`);
} finally {
  await Promise.all(started.map((server) => server.stop()));
  await withDatabaseAdmin(`drop database if exists ${databaseName} with (force)`).catch(() => {});
  const redis = createClient({ url: redisUrl });
  await redis
    .connect()
    .then(() => redis.del([`${redisPrefix}:documents:versions`, `${redisPrefix}:documents:bodies`]))
    .then(() => redis.close())
    .catch(() => {});
  rmSync(dataDir, { recursive: true, force: true });
}
