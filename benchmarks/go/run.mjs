/**
 * `npm run bench:go` (in benchmarks/): the Go SDK beside LaunchDarkly's and GrowthBook's Go
 * SDKs on scenarios A–D. Runs the check that every SDK serves the same flags, then the
 * benchmarks (three runs each, the median kept), and prints the table for RESULTS.md.
 *
 *   node benchmarks/go/run.mjs [-- extra go test flags]
 */
import { spawn } from "node:child_process";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";

const RUNS = 3;
const directory = fileURLToPath(new URL(".", import.meta.url));
const args = ["test", "-count", String(RUNS), "-run", "Test", "-bench", ".", "-benchmem"];
args.push(...process.argv.slice(2).filter((arg) => arg !== "--"));

console.log(`$ (cd benchmarks/go && go ${args.join(" ")})`);
const loadBefore = loadavg()[0] ?? NaN;
const output = await new Promise((resolve, reject) => {
  const child = spawn("go", args, { cwd: directory, stdio: ["ignore", "pipe", "inherit"] });
  let text = "";
  child.stdout.on("data", (chunk) => {
    process.stdout.write(chunk);
    text += chunk;
  });
  child.on("error", reject);
  child.on("close", (code) =>
    code === 0 ? resolve(text) : reject(new Error(`go test exited with ${code}`)),
  );
});

const loadAfter = loadavg()[0] ?? NaN;

/** @type {Map<string, Map<string, { ns: number[], cpu: number[], allocs: number }>>} scenario → SDK → runs */
const results = new Map();
const line =
  /^Benchmark(\w+)\/(\w+)-\d+\s+\d+\s+([\d.]+) ns\/op\s+([\d.]+) cpu-ns\/op\s+\d+ B\/op\s+(\d+) allocs\/op/;
for (const row of output.split("\n")) {
  const match = line.exec(row);
  if (!match) continue;
  const [, scenario = "", sdk = "", ns = "", cpu = "", allocs = ""] = match;
  const bySdk = results.get(scenario) ?? new Map();
  results.set(scenario, bySdk);
  const runs = bySdk.get(sdk) ?? { ns: [], cpu: [], allocs: Number(allocs) };
  runs.ns.push(Number(ns));
  runs.cpu.push(Number(cpu));
  bySdk.set(sdk, runs);
}

/** @param {number[]} values */
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
/** @param {number} ns */
const format = (ns) => (ns >= 100 ? ns.toFixed(0) : ns.toFixed(1));

const header = [
  "scenario",
  "FlagSwitch client",
  "FlagSwitch `Evaluate`",
  "LaunchDarkly",
  "GrowthBook",
  "LaunchDarkly ÷ FlagSwitch",
  "GrowthBook ÷ FlagSwitch",
];
const rows = [header, header.map(() => "---")];
for (const [scenario, bySdk] of results) {
  /** @param {string} sdk */
  const figure = (sdk) => {
    const runs = bySdk.get(sdk);
    return runs
      ? { ns: median(runs.ns), cpu: median(runs.cpu), allocs: runs.allocs }
      : { ns: NaN, cpu: NaN, allocs: NaN };
  };
  const ours = figure("FlagSwitch");
  /** @param {{ ns: number, cpu: number, allocs: number }} result */
  const cell = (result) =>
    `${format(result.ns)} ns (CPU ${format(result.cpu)} ns), ${result.allocs} allocs`;
  rows.push([
    scenario.replace("_", " "),
    cell(ours),
    cell(figure("FlagSwitchEvaluate")),
    cell(figure("LaunchDarkly")),
    cell(figure("GrowthBook")),
    `${(figure("LaunchDarkly").ns / ours.ns).toFixed(1)}×`,
    `${(figure("GrowthBook").ns / ours.ns).toFixed(1)}×`,
  ]);
}
console.log(
  `\nMedian of ${RUNS} runs: wall-clock ns/op (CPU time of the process per op), allocs/op. ` +
    `Load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after: ` +
    "where it exceeds the core count, wall time includes waiting for a CPU. Ratios are of wall time.\n",
);
console.log(rows.map((row) => `| ${row.join(" | ")} |`).join("\n"));
