/**
 * The size budget of the browser entry, kept by the test suite (benchmarks/sdk/bundle-size.mjs
 * prints the same figure): bundled and minified for the browser platform — where a Node
 * built-in cannot resolve — gzipped, under 10 KB, and without the rules engine.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { expect, it } from "vitest";
import { bundleBrowserEntry } from "./bundle-browser-entry.js";

const BUDGET_BYTES = 10 * 1024;

it("the ./browser entry is under 10 KB minified and gzipped, with no rules engine in it", async () => {
  const outDir = mkdtempSync(join(tmpdir(), "flagswitch-bundle-"));
  try {
    const { code, inputs } = await bundleBrowserEntry(outDir);
    const gzipped = gzipSync(code, { level: 9 }).length;
    expect(gzipped).toBeLessThan(BUDGET_BYTES);
    expect(inputs.some((path) => path.includes("src/browser-client/"))).toBe(true);
    expect(inputs.filter((path) => /packages\/core\/|@msgpack|eventsource/.test(path))).toEqual([]);
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}, 30_000);
