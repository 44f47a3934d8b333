/**
 * Memory of a FlagSwitch client holding a 10,000-flag document (goal: under 50 MB): the heap
 * and resident-set growth from creating the client, measured after full garbage collections,
 * with the raw document already dropped so only what the client keeps is counted.
 *
 *   npm run build && node --expose-gc benchmarks/sdk/memory.mjs
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { benchmarkDocument, machine } from "../fixtures.mjs";

if (typeof globalThis.gc !== "function") {
  const { status } = spawnSync(process.execPath, ["--expose-gc", fileURLToPath(import.meta.url)], {
    stdio: "inherit",
  });
  process.exit(status ?? 1);
}

const { createClient } = await import("@flagswitch/sdk");

function settledUsage() {
  for (let i = 0; i < 5; i++) globalThis.gc?.();
  return process.memoryUsage();
}

const before = settledUsage();
const client = createClient({
  sdkKey: "benchmark",
  baseUrl: "http://127.0.0.1:9",
  bootstrap: JSON.parse(JSON.stringify(benchmarkDocument(9_996))),
  source: [],
  events: false,
});
await client.ready({ timeoutMs: 5000 });
// Evaluate every flag once so that lazily built structures are counted too.
const flags = Object.keys(client.allFlags({ key: "user-1", country: "DE", plan: "team" })).length;
const after = settledUsage();
const mb = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
console.log(`client memory — ${await machine()} — ${new Date().toISOString().slice(0, 10)}`);
console.table({
  "flags held": flags,
  "heap used by the client": mb(after.heapUsed - before.heapUsed),
  "resident set growth": mb(after.rss - before.rss),
  goal: "under 50 MB",
});
await client.close();
