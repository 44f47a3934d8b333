/**
 * The experiment benchmarks (issue 6), one after the other: the statistical simulation through
 * SDK → server → results, reading results for 1,000,000 exposed contexts, and ingestion.
 *
 *   node benchmarks/experiments/run.mjs      (or: cd benchmarks && npm run bench:experiments)
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

for (const file of ["simulation.mjs", "results-read.mjs", "ingestion.mjs"]) {
  console.log(`\n▶ experiments/${file}`);
  const { status } = spawnSync(process.execPath, [fileURLToPath(new URL(file, import.meta.url))], {
    stdio: "inherit",
  });
  if (status !== 0) process.exit(status ?? 1);
}
