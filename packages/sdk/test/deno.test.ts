/**
 * The SDK promises Deno support: this runs the built universal entry (dist/index.js) in a real
 * Deno 2 (the `deno` npm package's binary) against a real local flag server. Deno may reach
 * 127.0.0.1 and nothing else (loading local modules needs no read permission), must not fetch
 * remote modules or install npm ones, and gets a throw-away DENO_DIR with update checks off, so it
 * can neither download anything nor depend on the machine's Deno cache. Bare imports in dist
 * ("@flagswitch/core", "eventsource", "@msgpack/msgpack") resolve through the pnpm-installed
 * node_modules (`--node-modules-dir=manual`), as in a Deno project that installed the SDK from npm.
 */
import "./support/no-unhandled-rejections.js";
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { arch, platform, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { bannerDocument } from "./support/documents.js";
import { FlagServer } from "./support/flag-server.js";

const packageRoot = fileURLToPath(new URL("..", import.meta.url));
const smokeScript = fileURLToPath(new URL("./deno/smoke.mjs", import.meta.url));
/** Generous for a cold Deno start on a busy machine; the exit itself is checked much tighter. */
const runLimitMs = 15_000;
/** From the script's last line (printed just before close()) to Deno's exit. */
const exitAfterCloseLimitMs = 3_000;

/** The native binary from the platform package the `deno` package installs as optional dependency. */
function denoBinary(): string {
  const target = platform() === "linux" ? `linux-${arch()}-glibc` : `${platform()}-${arch()}`;
  const fromDenoPackage = createRequire(
    createRequire(import.meta.url).resolve("deno/package.json"),
  );
  let packageJson: string;
  try {
    packageJson = fromDenoPackage.resolve(`@deno/${target}/package.json`);
  } catch (cause) {
    throw new Error(
      `no Deno binary for ${target}: the "deno" devDependency did not install @deno/${target}`,
      { cause },
    );
  }
  return join(dirname(packageJson), platform() === "win32" ? "deno.exe" : "deno");
}

function requireBuilt(path: string, packageName: string): void {
  if (!existsSync(path))
    throw new Error(
      `${path} is missing: the Deno test runs the built package; ` +
        `build it first (node scripts/pnpm.mjs --filter ${packageName} build, or npm test)`,
    );
}

interface ReadyLine {
  phase: "ready";
  status: string;
  banner: string;
  checkout: boolean;
  missing: { value: unknown; variationIndex: unknown; variationKey: unknown; reason: unknown };
}
interface ChangedLine {
  phase: "changed";
  changedKeys: string[] | null;
  banner: string;
  errors: string[];
}

/** A line that is not the script's JSON stays visible in the failing assertion instead of throwing. */
function parseLine(line: string): ReadyLine | ChangedLine | { unparsed: string } {
  try {
    return JSON.parse(line) as ReadyLine | ChangedLine;
  } catch {
    return { unparsed: line };
  }
}

it("runs the built SDK in Deno: ready, evaluates, follows the stream, exits on its own after close()", async () => {
  requireBuilt(join(packageRoot, "dist/index.js"), "@flagswitch/sdk");
  requireBuilt(join(packageRoot, "../core/dist/index.js"), "@flagswitch/core");
  const server = await FlagServer.start(bannerDocument(1, "one"));
  const denoDir = mkdtempSync(join(tmpdir(), "flagswitch-deno-"));
  let deno: ChildProcess | undefined;
  try {
    deno = spawn(
      denoBinary(),
      [
        "run",
        "--no-prompt",
        "--no-remote",
        "--node-modules-dir=manual",
        "--allow-net=127.0.0.1",
        smokeScript,
        server.url,
      ],
      {
        cwd: packageRoot,
        // Nothing from the host environment (no proxies, no DENO_* settings, no cache location).
        env: { DENO_DIR: denoDir, DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    const started = Date.now();
    let stderr = "";
    deno.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    // "close" rather than "exit": it comes after stdout has been read to the end.
    const exited = once(deno, "close") as Promise<[number | null, NodeJS.Signals | null]>;
    const lines: unknown[] = [];
    let lastLineAt = 0;
    const reader = createInterface({ input: deno.stdout as NodeJS.ReadableStream });
    reader.on("line", (line) => {
      lastLineAt = Date.now();
      const parsed = parseLine(line);
      lines.push(parsed);
      if ("phase" in parsed && parsed.phase === "ready") server.publish(bannerDocument(2, "two"));
    });
    const killer = setTimeout(() => deno?.kill("SIGKILL"), runLimitMs);
    const [code, signal] = await exited;
    clearTimeout(killer);
    const exitedAt = Date.now();

    expect(
      { code, signal, stderr },
      `Deno's exit (SIGKILL: still running after ${runLimitMs} ms, something kept it alive)`,
    ).toEqual({ code: 0, signal: null, stderr: "" });
    expect(lines).toEqual([
      {
        phase: "ready",
        status: "ready",
        banner: "one",
        checkout: true,
        missing: {
          value: "fallback",
          variationIndex: null,
          variationKey: null,
          reason: { kind: "ERROR", errorKind: "FLAG_NOT_FOUND" },
        },
      },
      { phase: "changed", changedKeys: ["banner"], banner: "two", errors: [] },
    ]);
    expect(server.requestsTo("/sdk/v1/stream").length).toBeGreaterThanOrEqual(1);
    expect(exitedAt - lastLineAt).toBeLessThan(exitAfterCloseLimitMs);
    expect(exitedAt - started).toBeLessThan(runLimitMs);
  } finally {
    if (deno && deno.exitCode === null && deno.signalCode === null) deno.kill("SIGKILL");
    await server.stop();
    rmSync(denoDir, { recursive: true, force: true });
  }
}, 30_000);
