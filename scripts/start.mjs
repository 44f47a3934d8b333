#!/usr/bin/env node
/**
 * `npm start`: from a fresh clone to a running FlagSwitch server with a demo project.
 *   1. install (when node_modules is missing or the lockfile changed since the last install),
 *   2. build what the server needs (the server and its workspace dependencies, and the
 *      dashboard when it exists) unless every build is newer than its sources,
 *   3. run `flagswitch serve --seed-demo`: migrates the embedded database under .data/, seeds the
 *      demo on an empty database, prints the URL, an admin token and SDK keys.
 * Extra arguments go to `flagswitch serve` (e.g. `npm start -- --port 9000`).
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runPnpm } from "./pnpm.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const lockfile = join(root, "pnpm-lock.yaml");
const stamp = join(root, "node_modules", ".flagswitch-lockfile-sha256");

function step(message) {
  console.log(`\n▶ ${message}`);
}

function fail(message, status = 1) {
  console.error(`\n✖ ${message}`);
  process.exit(status);
}

function lockHash() {
  return existsSync(lockfile)
    ? createHash("sha256").update(readFileSync(lockfile)).digest("hex")
    : "no-lockfile";
}

function installIfNeeded() {
  const current = lockHash();
  const installed = existsSync(stamp) ? readFileSync(stamp, "utf8").trim() : undefined;
  if (existsSync(join(root, "node_modules")) && installed === current) return;
  step(
    "installing dependencies (the first time builds the embedded database driver: about a minute)",
  );
  const status = runPnpm(["install"]);
  if (status !== 0) fail(`pnpm install failed (exit ${status})`, status);
  writeFileSync(stamp, `${lockHash()}\n`);
}

/** Newest modification time of the files under `path` (skipping node_modules and dist). */
function newest(path) {
  if (!existsSync(path)) return 0;
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let latest = 0;
  for (const entry of readdirSync(path)) {
    if (entry === "node_modules" || entry === "dist") continue;
    latest = Math.max(latest, newest(join(path, entry)));
  }
  return latest;
}

/** Oldest modification time of the files in a build output (0 when there is none). */
function oldestOutput(path) {
  if (!existsSync(path)) return 0;
  let oldest = Number.POSITIVE_INFINITY;
  for (const entry of readdirSync(path, { recursive: true })) {
    const stats = statSync(join(path, entry));
    if (stats.isFile()) oldest = Math.min(oldest, stats.mtimeMs);
  }
  return Number.isFinite(oldest) ? oldest : 0;
}

function stalePackages(names) {
  return names.filter((name) => {
    const directory = join(root, "packages", name);
    const manifestPath = join(directory, "package.json");
    if (!existsSync(manifestPath)) return false;
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
    return (
      Boolean(manifest.scripts?.build) && oldestOutput(join(directory, "dist")) < newest(directory)
    );
  });
}

/** The package and the workspace packages it depends on at run time, dependencies first. */
function withWorkspaceDependencies(name, seen = new Set()) {
  if (seen.has(name)) return [];
  seen.add(name);
  const manifestPath = join(root, "packages", name, "package.json");
  if (!existsSync(manifestPath)) return [];
  const { dependencies = {} } = JSON.parse(readFileSync(manifestPath, "utf8"));
  const local = Object.entries(dependencies)
    .filter(
      ([dependency, range]) =>
        dependency.startsWith("@flagswitch/") && range.startsWith("workspace:"),
    )
    .map(([dependency]) => dependency.slice("@flagswitch/".length));
  return [...local.flatMap((dependency) => withWorkspaceDependencies(dependency, seen)), name];
}

function build(names) {
  const filters = names.flatMap((name) => ["--filter", `@flagswitch/${name}`]);
  return runPnpm([...filters, "run", "build"]);
}

function buildIfNeeded() {
  // What the server cannot run without: a failure stops here.
  const required = stalePackages(withWorkspaceDependencies("server"));
  if (required.length > 0) {
    step(`building ${required.map((name) => `@flagswitch/${name}`).join(", ")}`);
    const status = build(required);
    if (status !== 0) fail(`the build failed (exit ${status})`, status);
  }
  // The dashboard is optional: without a build the server shows a placeholder page at /.
  const dashboard = stalePackages(
    withWorkspaceDependencies("dashboard").filter((name) => !required.includes(name)),
  );
  if (dashboard.length > 0) {
    step(`building ${dashboard.map((name) => `@flagswitch/${name}`).join(", ")}`);
    if (build(dashboard) !== 0)
      console.warn("⚠ the dashboard did not build; the server starts without it");
  }
}

installIfNeeded();
buildIfNeeded();

step("starting the server");
const child = spawn(
  process.execPath,
  [
    join(root, "packages", "server", "dist", "cli.js"),
    "serve",
    "--seed-demo",
    ...process.argv.slice(2),
  ],
  {
    cwd: root,
    stdio: "inherit",
  },
);
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => child.kill(signal));
}
child.on("exit", (code, signal) => {
  process.exit(code ?? (signal ? 1 : 0));
});
