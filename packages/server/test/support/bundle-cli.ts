/**
 * Vitest global setup: bundles the `flagswitch` CLI from src/ (esbuild, well under a second) so
 * the fault tests run real server processes of the code under test, without a prior build.
 * The bundle lives under node_modules/ so the server's dependencies resolve from it.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** Path of the bundled CLI: `node <it> serve …` runs the server from src/. */
    cliEntry: string;
  }
}

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

export default async function bundleCli(project: TestProject): Promise<void> {
  const manifest = JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")) as {
    dependencies: Record<string, string>;
  };
  // Workspace packages are bundled from their sources; everything else is loaded at run time.
  const external = Object.keys(manifest.dependencies).filter(
    (name) => !name.startsWith("@flagswitch/"),
  );
  const outdir = join(packageRoot, "node_modules", ".cache", "flagswitch-test");
  mkdirSync(outdir, { recursive: true });
  const outfile = join(outdir, "cli.mjs");
  await build({
    entryPoints: [join(packageRoot, "src", "cli.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    conditions: ["@flagswitch/source"],
    external,
    sourcemap: "inline",
    logLevel: "error",
  });
  project.provide("cliEntry", outfile);
}
