/**
 * Minified + gzipped size of the browser entry (@flagswitch/sdk/browser), bundled for the
 * browser platform (a Node built-in would fail the build). Budget: 10 KB. Exits 1 over budget.
 *
 *   node benchmarks/sdk/bundle-size.mjs
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const BUDGET_BYTES = 10 * 1024;
const entry = join(dirname(fileURLToPath(import.meta.url)), "../../packages/sdk/src/browser.ts");

const result = await build({
  entryPoints: [entry],
  bundle: true,
  minify: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  conditions: ["@flagswitch/source"],
  write: false,
  metafile: true,
  logLevel: "error",
});
const [output] = result.outputFiles;
if (!output) throw new Error("esbuild wrote no bundle");
const code = output.contents;
const gzipped = gzipSync(code, { level: 9 }).length;
const inputs = Object.keys(result.metafile.inputs);
const engine = inputs.filter((path) => path.includes("packages/core/"));

console.log(
  `browser entry: ${code.length} B minified, ${gzipped} B min+gzip (budget ${BUDGET_BYTES} B)`,
);
console.log(`modules bundled: ${inputs.length}; from @flagswitch/core: ${engine.length}`);
if (engine.length > 0 || gzipped > BUDGET_BYTES) {
  console.error("over budget, or the rules engine leaked into the browser entry");
  process.exit(1);
}
