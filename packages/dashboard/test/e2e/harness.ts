/**
 * What the browser test needs, all real: a fresh build of the dashboard, the FlagSwitch server
 * (from source, embedded SQLite in a temporary directory) serving that build with the demo
 * project seeded, and Debian's Chromium driven by playwright-core.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createServer, type FlagSwitchServer, resolveConfig, seedDemo } from "@flagswitch/server";
import { type Browser, chromium } from "playwright-core";
import { build } from "vite";

export const PACKAGE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
/** Test artefacts (gitignored): screenshots of the main pages. */
export const RESULTS_DIR = join(PACKAGE_DIR, "test-results");

export function chromiumPath(): string | undefined {
  const path = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  return existsSync(path) ? path : undefined;
}

/**
 * Under CI=true the browser test must run: a missing Chromium is a failure, not a skip.
 * Without CI and without Chromium the test is skipped (said once, with how to get it).
 */
export function browserTestMode(): "run" | "skip" {
  if (chromiumPath()) return "run";
  if (process.env.CI === "true") {
    throw new Error(
      `CI=true but no Chromium at ${process.env.CHROMIUM_PATH ?? "/usr/bin/chromium"}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`,
    );
  }
  return "skip";
}

export async function buildDashboard(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), "flagswitch-dashboard-"));
  // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build: the
  // render times measured here must be those of the production build people run.
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    await build({
      root: PACKAGE_DIR,
      configFile: join(PACKAGE_DIR, "vite.config.ts"),
      mode: "production",
      logLevel: "warn",
      build: { outDir, emptyOutDir: true, sourcemap: false },
    });
  } finally {
    process.env.NODE_ENV = previous;
  }
  return outDir;
}

export interface RunningServer {
  url: string;
  server: FlagSwitchServer;
  adminToken: string;
  serverKey: string;
  close(): Promise<void>;
}

/** The server with the demo project; `dashboardDir` undefined serves no dashboard (API tests). */
export async function startServer(dashboardDir: string | undefined): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), "flagswitch-e2e-"));
  const config = resolveConfig(
    { FLAGSWITCH_LOG_LEVEL: "silent" },
    { port: 0, host: "127.0.0.1", dataDir, databaseUrl: undefined, dashboardDir },
  );
  const server = await createServer({ config, logger: false });
  const url = await server.listen();
  const seeded = await seedDemo(server);
  if (!seeded.credentials) throw new Error(`the demo project was not seeded: ${seeded.reason}`);
  const { adminToken, serverKey } = seeded.credentials;
  return {
    url,
    server,
    adminToken,
    serverKey,
    async close() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error("no Chromium to launch");
  mkdirSync(RESULTS_DIR, { recursive: true });
  return chromium.launch({
    executablePath,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}
