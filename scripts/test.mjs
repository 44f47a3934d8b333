#!/usr/bin/env node
/**
 * `npm test`: install, lint, type-check, build, every package's tests (vitest, pytest, go test)
 * one package at a time so their output stays readable, then the TypeScript/Go/Python
 * cross-language check. Exits non-zero on the first failure.
 */
import { runPnpm } from "./pnpm.mjs";

const ci = process.env.CI === "true";
const steps = [
  ["install", ci ? ["install", "--frozen-lockfile"] : ["install"]],
  ["lint", ["exec", "biome", "ci", "--colors=off", "."]],
  ["type-check", ["-r", "--workspace-concurrency=2", "run", "typecheck"]],
  ["build", ["-r", "run", "build"]],
  ["tests", ["-r", "--workspace-concurrency=1", "run", "test"]],
  // Needs the Python virtualenv and Go build the packages' own tests have just set up.
  ["cross-language", ["--filter", "@flagswitch/spec", "run", "test:cross-language"]],
];

for (const [name, args] of steps) {
  console.log(`\n▶ ${name}: pnpm ${args.join(" ")}`);
  const status = runPnpm(args);
  if (status !== 0) {
    console.error(`\n✖ ${name} failed (exit ${status})`);
    process.exit(status);
  }
}
console.log("\n✔ every check passed");
