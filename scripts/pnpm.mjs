#!/usr/bin/env node
/**
 * Runs the pnpm this repository pins (package.json "packageManager"), whatever the machine has:
 * a matching pnpm on PATH, else the same version through npx. Corepack is not used because its
 * signature check fails on some machines (and pnpm 11 needs Node 22).
 *
 *   node scripts/pnpm.mjs install --frozen-lockfile
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const pinned = JSON.parse(
  readFileSync(new URL("../package.json", import.meta.url), "utf8"),
).packageManager.split("@")[1];

/** The command, and the arguments before pnpm's own, that run the pinned pnpm. */
export function pnpmCommand() {
  const onPath = spawnSync("pnpm", ["--version"], { encoding: "utf8", shell: false });
  if (onPath.status === 0 && onPath.stdout.trim() === pinned)
    return { command: "pnpm", prefix: [] };
  return { command: "npx", prefix: ["--yes", `pnpm@${pinned}`] };
}

/** Runs pnpm with `args` in the repository root; returns the exit status. */
export function runPnpm(args, options = {}) {
  const { command, prefix } = pnpmCommand();
  const result = spawnSync(command, [...prefix, ...args], {
    cwd: root,
    stdio: "inherit",
    ...options,
  });
  return result.status ?? 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exit(runPnpm(process.argv.slice(2)));
}
