/**
 * `npm run bench`: builds what the benchmarks import, then runs each benchmark in turn.
 * Each benchmark is also runnable alone with `node benchmarks/<file>`.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { runPnpm } from "../scripts/pnpm.mjs";

const benchmarks = [
  "core/evaluation.mjs",
  "core/size.mjs",
  "sdk/evaluation.mjs",
  "sdk/memory.mjs",
  "sdk/bundle-size.mjs",
];

if (runPnpm(["-r", "--filter", "./packages/**", "run", "build"]) !== 0) process.exit(1);
for (const file of benchmarks) {
  console.log(`\n▶ ${file}`);
  const { status } = spawnSync(process.execPath, [fileURLToPath(new URL(file, import.meta.url))], {
    stdio: "inherit",
  });
  if (status !== 0) process.exit(status ?? 1);
}
