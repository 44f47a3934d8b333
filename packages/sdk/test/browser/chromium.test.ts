/**
 * The built browser bundle in a real Chromium (Debian's, headless, no extra dependency: it
 * runs the page and prints the DOM once it settled). The page, served from another origin than
 * the FlagSwitch server as a real site would be, creates the client with the real fetch and
 * localStorage, reads flags, tracks a conversion and flushes, then tracks one more and fires
 * pagehide so the recorder hands it to the real navigator.sendBeacon; the server must store both.
 * Under CI=true a missing Chromium is a failure; elsewhere the file is skipped.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  createServer as createFlagSwitchServer,
  resolveConfig,
  seedDemo,
} from "@flagswitch/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleBrowserEntry } from "./bundle-browser-entry.js";
import { type ShopServer, startShopServer } from "./flagswitch-server.js";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const haveChromium = existsSync(chromium);
if (!haveChromium && process.env.CI === "true") {
  throw new Error(
    `CI=true but no Chromium at ${chromium}: apt-get install -y chromium, or set CHROMIUM_PATH`,
  );
}

const guide = fileURLToPath(new URL("../../../../docs/sdk-browser.md", import.meta.url));

function page(shop: ShopServer): string {
  return `<!doctype html><html><body><pre id="out">running</pre><script type="module">
import { createBrowserClient } from "./flagswitch-browser.js";
const out = document.getElementById("out");
try {
  const client = createBrowserClient({
    clientKey: ${JSON.stringify(shop.clientKey)},
    baseUrl: ${JSON.stringify(shop.url)},
    context: { key: "chromium-user", plan: "pro" },
    pollIntervalMs: 0,
  });
  const status = await client.ready({ timeoutMs: 5000 });
  const checkout = client.boolVariation("checkout", false);
  const button = client.stringVariation("button", "none");
  client.track("chromium-conversion", 3);
  await client.flush();
  // What the recorder does when the page goes away: hand the buffer to navigator.sendBeacon.
  client.track("chromium-beacon");
  window.dispatchEvent(new Event("pagehide"));
  const stored = Object.keys(localStorage).filter((k) => k.startsWith("flagswitch:")).length;
  out.textContent = JSON.stringify({ status, checkout, button, stored });
} catch (error) {
  out.textContent = JSON.stringify({ error: String(error) });
}
</script></body></html>`;
}

/** Serves `html` at / and the bundle at /flagswitch.js and /flagswitch-browser.js. */
async function serveSite(html: string, bundle: string): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    if (request.url?.endsWith(".js")) {
      response.writeHead(200, { "content-type": "text/javascript" }).end(bundle);
    } else {
      response.writeHead(200, { "content-type": "text/html" }).end(html);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://localhost:${(server.address() as AddressInfo).port}/` };
}

/** Runs Chromium headless on `url` and returns the DOM it printed once the page settled. */
function dumpDom(url: string, profileDir: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      chromium,
      [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        `--user-data-dir=${profileDir}`,
        "--virtual-time-budget=10000",
        "--dump-dom",
        url,
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      if (stdout.includes("<pre")) resolve(stdout);
      else reject(new Error(`chromium exited ${code} without a DOM: ${stderr.slice(-2000)}`));
    });
  });
}

describe.runIf(haveChromium)("the browser bundle in Chromium", () => {
  let shop: ShopServer;
  let site: Server;
  let siteUrl: string;
  let workDir: string;
  let bundle: string;

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), "flagswitch-chromium-"));
    shop = await startShopServer();
    bundle = (await bundleBrowserEntry(join(workDir, "dist"))).code;
    ({ server: site, url: siteUrl } = await serveSite(page(shop), bundle));
  }, 60_000);

  afterAll(async () => {
    await new Promise((resolve) => site?.close(resolve));
    await shop?.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  it("reads flags, caches them in localStorage, and delivers events by fetch and by sendBeacon", async () => {
    const dom = await dumpDom(siteUrl, join(workDir, "profile"));
    const json = /<pre id="out">([^<]*)<\/pre>/.exec(dom)?.[1] ?? "";
    const result = JSON.parse(json.replaceAll("&quot;", '"'));
    expect(result).toMatchObject({ status: "ready", checkout: true, stored: 2 });
    expect(["grey", "blue", "green"]).toContain(result.button);
    const stored = await shop.server.services.db
      .selectFrom("events")
      .selectAll()
      .where("event_key", "=", "chromium-conversion")
      .execute();
    expect(stored).toMatchObject([{ context_key: "chromium-user", value: 3 }]);
    // The beacon outlives the page: give the server a moment to store it.
    const deadline = Date.now() + 5_000;
    let beaconed: unknown[] = [];
    while (beaconed.length === 0 && Date.now() < deadline) {
      beaconed = await shop.server.services.db
        .selectFrom("events")
        .selectAll()
        .where("event_key", "=", "chromium-beacon")
        .execute();
      if (beaconed.length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(beaconed).toMatchObject([
      { context_key: "chromium-user", sdk_name: "@flagswitch/sdk/browser" },
    ]);
  }, 60_000);

  it("runs the page of docs/sdk-browser.md against the demo project", async () => {
    const html = /```html\n([\s\S]*?)```/.exec(readFileSync(guide, "utf8"))?.[1];
    if (!html) throw new Error(`no html example in ${guide}`);
    const config = resolveConfig(
      { FLAGSWITCH_LOG_LEVEL: "silent" },
      {
        port: 0,
        host: "127.0.0.1",
        dataDir: join(workDir, "demo"),
        databaseUrl: undefined,
        dashboardDir: undefined,
      },
    );
    const demo = await createFlagSwitchServer({ config, logger: false });
    const demoUrl = await demo.listen();
    const docsSite = await (async () => {
      const seeded = await seedDemo(demo);
      const clientKey = seeded.credentials?.clientKey;
      if (!clientKey) throw new Error("the demo project was not seeded");
      const runnable = html
        .replace('"fs_client_…"', JSON.stringify(clientKey))
        .replace('"http://127.0.0.1:8080"', JSON.stringify(demoUrl));
      return serveSite(runnable, bundle);
    })();
    try {
      const dom = await dumpDom(docsSite.url, join(workDir, "docs-profile"));
      const state = /<pre id="state">([^<]*)<\/pre>/.exec(dom)?.[1] ?? "";
      const shown = JSON.parse(state.replaceAll("&quot;", '"'));
      expect(shown.status).toBe("ready");
      expect(shown.flags["beta-banner"]).toBe(true);
      expect(["grey", "blue", "green"]).toContain(shown.flags["checkout-button"]);
      expect(dom).toMatch(/<p id="banner">You are in the beta!<\/p>/);
    } finally {
      await new Promise((resolve) => docsSite.server.close(resolve));
      await demo.close();
    }
  }, 60_000);
});
