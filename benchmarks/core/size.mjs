/**
 * Minified + gzipped size of @flagswitch/core as a browser bundle would carry it (esbuild).
 *
 *   node benchmarks/core/size.mjs
 */
import { createRequire } from "node:module";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const require = createRequire(import.meta.url);
const entry = require.resolve("@flagswitch/core").replace(/index\.cjs$/, "index.js");
const result = await build({
  entryPoints: [entry],
  bundle: true,
  minify: true,
  format: "esm",
  write: false,
});
const code = result.outputFiles?.[0]?.contents;
if (!code) throw new Error("esbuild produced no output");
console.log(
  `@flagswitch/core: ${(code.length / 1024).toFixed(1)} KB minified, ${(gzipSync(code, { level: 9 }).length / 1024).toFixed(2)} KB minified+gzipped`,
);
