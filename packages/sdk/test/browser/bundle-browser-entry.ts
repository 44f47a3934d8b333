/**
 * Bundles the ./browser entry as a site would ship it: one minified ES module for the browser
 * platform (where a Node built-in cannot resolve), workspace packages taken from their source.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "tsup";

const entry = fileURLToPath(new URL("../../src/browser.ts", import.meta.url));

export interface BrowserBundle {
  /** The bundle's code, written to `<outDir>/flagswitch-browser.js`. */
  code: string;
  /** Every source file esbuild put into the bundle. */
  inputs: string[];
}

export async function bundleBrowserEntry(outDir: string): Promise<BrowserBundle> {
  await build({
    entry: { "flagswitch-browser": entry },
    format: ["esm"],
    platform: "browser",
    target: "es2022",
    minify: true,
    metafile: true,
    outDir,
    dts: false,
    silent: true,
    config: false,
    splitting: false,
    sourcemap: false,
    noExternal: [/./],
    esbuildOptions(options) {
      options.conditions = ["@flagswitch/source"];
    },
  });
  const metafile = JSON.parse(readFileSync(join(outDir, "metafile-esm.json"), "utf8")) as {
    inputs: Record<string, unknown>;
  };
  return {
    code: readFileSync(join(outDir, "flagswitch-browser.js"), "utf8"),
    inputs: Object.keys(metafile.inputs),
  };
}
