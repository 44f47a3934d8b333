// @vitest-environment node
/**
 * The dashboard in a real browser (Debian's Chromium via playwright-core) against the real
 * server, started from source with the demo project seeded: sign in, create a flag, roll it out
 * to 25 % in production (confirming the diff), add a rule, watch an SDK-style client of the same
 * server pick up each change, roll back from the audit log, resolve a 412 conflict, see another
 * person's change appear live, manage keys, read experiment results, and render 1,000 flags
 * within 200 ms. Screenshots of the main pages go to test-results/.
 */
import { copyFileSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { bucket, evaluate, type FlagDocument, validateDocument } from "@flagswitch/core";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type ApiClient, createApiClient } from "../../src/api/client.ts";
import { FLAG_LIST_MARKS } from "../../src/pages/flags-page.tsx";
import {
  browserTestMode,
  buildDashboard,
  launchBrowser,
  RESULTS_DIR,
  type RunningServer,
  startServer,
} from "./harness.ts";

const mode = browserTestMode();
const FLAG = "e2e-checkout";
const PROJECT = "demo";
const PRODUCTION = "production";
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

describe.skipIf(mode === "skip")(
  "the dashboard in Chromium against the real server",
  { timeout: 60_000 },
  () => {
    let server: RunningServer;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    let api: ApiClient;
    let dashboardDir: string;
    let sdk: SdkFollower;

    /** A fresh server-side SDK key for one of the demo project's environments. */
    const sdkKeyFor = async (environment: string) =>
      (
        await api.keys.create({
          kind: "server",
          name: `e2e ${environment}`,
          project: PROJECT,
          environment,
        })
      ).secret;

    beforeAll(async () => {
      rmSync(RESULTS_DIR, { recursive: true, force: true });
      mkdirSync(RESULTS_DIR, { recursive: true });
      dashboardDir = await buildDashboard();
      server = await startServer(dashboardDir);
      api = createApiClient({ baseUrl: server.url, token: server.adminToken });
      sdk = new SdkFollower(server.url, server.serverKey);
      await sdk.poll();
      browser = await launchBrowser();
      context = await browser.newContext({ viewport: DESKTOP });
      page = await context.newPage();
      page.on("pageerror", (error) => {
        throw new Error(`the page threw: ${error.message}`);
      });
    }, 120_000);

    // A failed step leaves a picture of the page behind, next to the other artefacts.
    afterEach(async (context_) => {
      if (context_.task.result?.state !== "fail" || !page || page.isClosed()) return;
      await shoot(
        page,
        `failed-${context_.task.name.replace(/[^a-z0-9]+/gi, "-").slice(0, 60)}`,
        true,
      );
    });

    afterAll(async () => {
      await browser?.close();
      await server?.close();
      if (dashboardDir) rmSync(dashboardDir, { recursive: true, force: true });
    });

    it("signs in with an admin token kept in sessionStorage, never in the URL", async () => {
      await page.goto(`${server.url}/?poll=400`);
      await page.getByLabel("Admin token").fill("not-a-valid-token-of-any-kind-at-all");
      await page.getByRole("button", { name: "Sign in" }).click();
      await visible(page.getByText("That token was not accepted"));
      await page.getByLabel("Admin token").fill(server.adminToken);
      await page.getByRole("button", { name: "Sign in" }).click();
      await visible(page.getByRole("heading", { name: "Flags" }));
      expect(page.url()).not.toContain(server.adminToken);
      expect(await page.evaluate(() => sessionStorage.getItem("flagswitch.adminToken"))).toBe(
        server.adminToken,
      );
      expect(await page.evaluate(() => localStorage.length)).toBe(0);
      await expectAllFieldsLabelled(page);
      await shoot(page, "flags");
    });

    it("creates a boolean flag", async () => {
      await page.getByRole("link", { name: "+ Create flag" }).click();
      await page.getByLabel("Key").fill(FLAG);
      await page.getByLabel("Name").fill("E2E checkout");
      await page.getByLabel("Tags (comma-separated)").fill("checkout, e2e");
      await expectAllFieldsLabelled(page);
      await page.getByRole("button", { name: "Create flag" }).click();
      await visible(page.getByRole("heading", { name: FLAG }));
      const created = await api.flags.get(PROJECT, FLAG);
      expect(created.tags).toEqual(["checkout", "e2e"]);
      expect(Object.values(created.environments).every((state) => !state.enabled)).toBe(true);
    });

    it("turns it on in production after confirming the diff, and the SDK sees it", async () => {
      await page.getByLabel("Environment", { exact: true }).selectOption(PRODUCTION);
      await visible(page.getByRole("heading", { name: "Production" }));
      await page.getByRole("switch", { name: `Serve ${FLAG} in Production` }).click();
      const dialog = page.getByRole("dialog", { name: `Turn ${FLAG} on?` });
      await visible(dialog.getByRole("list", { name: "Changes to Production" }));
      expect(
        await dialog.getByRole("list", { name: "Changes to Production" }).textContent(),
      ).toMatch(/enabled[\s\S]*false[\s\S]*true/);
      await dialog.getByRole("button", { name: "Save to Production" }).click();
      await visible(page.getByText("Turned on in Production"));
      const document = await sdk.waitFor((doc) => doc.flags[FLAG]?.enabled === true);
      expect(evaluate(document, FLAG, { key: "user-1" }, false).value).toBe(true);
    });

    it("rolls it out to 25 % with the slider's step, confirming the diff, and the SDK buckets a quarter of users in", async () => {
      await page.getByRole("radio", { name: "Percentage rollout" }).check();
      await page.getByRole("button", { name: "25 %", exact: true }).click();
      expect(await page.getByLabel("Percentage that gets on").inputValue()).toBe("25");
      await page.getByRole("button", { name: "Review and save…" }).click();
      const dialog = page.getByRole("dialog", { name: `Save ${FLAG}?` });
      const diff = dialog.getByRole("list", { name: "Changes to Production" });
      await visible(diff);
      expect(await diff.textContent()).toContain("fallthrough");
      await shoot(page, "confirm-production-diff");
      await dialog.getByRole("button", { name: "Save to Production" }).click();
      await visible(page.getByText(/Saved as version \d+ in Production/));

      const document = await sdk.waitFor(
        (doc) => "rollout" in (doc.flags[FLAG]?.fallthrough ?? {}),
      );
      expect(document.flags[FLAG]?.fallthrough).toEqual({ rollout: { weights: [25000, 75000] } });
      // Every user gets exactly what the bucketing contract says, and about a quarter get `on`.
      let on = 0;
      for (let index = 0; index < 4000; index++) {
        const key = `user-${index}`;
        const result = evaluate(document, FLAG, { key }, false);
        expect(result.value).toBe(bucket(FLAG, key) < 25000);
        if (result.value === true) on++;
      }
      expect(on / 4000).toBeGreaterThan(0.22);
      expect(on / 4000).toBeLessThan(0.28);
    });

    it("adds a targeting rule, and the SDK serves it", async () => {
      await page.getByRole("button", { name: "+ Add rule" }).click();
      const rule = page.getByRole("region", { name: /^Rule 1/ });
      await rule.getByLabel("Attribute").fill("plan");
      await rule.getByLabel("Operator").selectOption("in");
      await rule.getByLabel("Values").fill("enterprise\nteam");
      await rule.getByLabel("Description (for people; optional)").fill("Paying plans");
      await expectAllFieldsLabelled(page);
      await shoot(page, "flag-rule-editor");
      await page.getByRole("button", { name: "Review and save…" }).click();
      const dialog = page.getByRole("dialog", { name: `Save ${FLAG}?` });
      await visible(dialog.getByText("rules"));
      await dialog.getByRole("button", { name: "Save to Production" }).click();
      await visible(page.getByText(/Saved as version \d+ in Production/));

      const document = await sdk.waitFor((doc) => (doc.flags[FLAG]?.rules?.length ?? 0) === 1);
      const rule0 = document.flags[FLAG]?.rules?.[0];
      expect(rule0?.clauses).toEqual([
        { attribute: "plan", op: "in", values: ["enterprise", "team"] },
      ]);
      const paying = evaluate(document, FLAG, { key: "user-3", plan: "enterprise" }, false);
      expect(paying).toMatchObject({
        value: true,
        reason: { kind: "RULE_MATCH", ruleId: rule0?.id },
      });
      expect(evaluate(document, FLAG, { key: "user-3", plan: "free" }, false).reason.kind).toBe(
        "FALLTHROUGH",
      );
      await page.evaluate(() => window.scrollTo(0, 0));
      await shoot(page, "flag");
    });

    it("shows a 412 conflict with both changes and re-applies mine on the latest version", async () => {
      // A second person, whose tab neither polls nor streams (so the save meets the server's 412).
      const other = await openSignedIn(
        context,
        server,
        `/?poll=600000&stream=off#/projects/${PROJECT}/flags/${FLAG}?env=${PRODUCTION}`,
      );
      await visible(other.getByRole("heading", { name: "Production" }));
      await visible(other.getByRole("status").getByText("Live (polling)", { exact: true }));
      await other.getByLabel("Always serve off to (0 keys)").fill("blocked-user");

      // Meanwhile the first person adds a target and saves.
      await page.getByLabel("Always serve on to (0 keys)").fill("vip-user");
      await page.getByRole("button", { name: "Review and save…" }).click();
      await page.getByRole("dialog").getByRole("button", { name: "Save to Production" }).click();
      await visible(page.getByText(/Saved as version \d+ in Production/));

      await other.getByRole("button", { name: "Review and save…" }).click();
      await other.getByRole("dialog").getByRole("button", { name: "Save to Production" }).click();
      const conflict = other.getByRole("dialog", { name: "Someone else changed this flag" });
      await visible(conflict);
      expect(await conflict.getByRole("list", { name: "Their changes" }).textContent()).toContain(
        "vip-user",
      );
      expect(await conflict.getByRole("list", { name: "Your changes" }).textContent()).toContain(
        "blocked-user",
      );
      await shoot(other, "conflict");
      await conflict.getByRole("button", { name: /Re-apply my changes/ }).click();
      await visible(other.getByText(/re-applied on version/));
      await other.getByRole("button", { name: "Review and save…" }).click();
      await other.getByRole("dialog").getByRole("button", { name: "Save to Production" }).click();
      await visible(other.getByText(/Saved as version \d+ in Production/));
      await other.close();

      const config = await api.flagConfigs.get(PROJECT, PRODUCTION, FLAG);
      expect(config.targets).toEqual([
        { variation: 0, values: ["vip-user"] },
        { variation: 1, values: ["blocked-user"] },
      ]);
    });

    it("shows a change made elsewhere without a reload", async () => {
      await section(page, "Flags").click();
      const row = page.getByRole("list", { name: "new-checkout by environment" });
      await visible(row.getByText("Production: off"));
      const before = await api.flagConfigs.get(PROJECT, PRODUCTION, "new-checkout");
      const on = await api.flagConfigs.toggle(
        PROJECT,
        PRODUCTION,
        "new-checkout",
        before.version,
        true,
        "someone else, elsewhere",
      );
      await visible(row.getByText("Production: on"), 5000);
      await api.flagConfigs.toggle(PROJECT, PRODUCTION, "new-checkout", on.version, false);
      await visible(row.getByText("Production: off"), 5000);
    });

    it("shows another user's changes at once through the server's change stream", async () => {
      // This tab polls once an hour: whatever appears, the change stream brought it.
      const watcher = await openSignedIn(
        context,
        server,
        `/?poll=3600000#/projects/${PROJECT}/flags?env=${PRODUCTION}`,
      );
      await visible(watcher.getByRole("status").getByText("Live", { exact: true }));
      const row = watcher.getByRole("list", { name: "search-v2 by environment" });
      await visible(row.getByText("Production: on"));
      const someoneElse = createApiClient({
        baseUrl: server.url,
        token: (await api.keys.create({ kind: "admin", name: "Another user", role: "writer" }))
          .secret,
      });
      const before = await someoneElse.flagConfigs.get(PROJECT, PRODUCTION, "search-v2");
      const started = Date.now();
      const off = await someoneElse.flagConfigs.toggle(
        PROJECT,
        PRODUCTION,
        "search-v2",
        before.version,
        false,
        "changed by another user",
      );
      await visible(row.getByText("Production: off"), 3000);
      const flagLatency = Date.now() - started;
      // Not only flag documents: a new segment (listed on its own page) arrives the same way.
      await section(watcher, "Segments").click();
      await visible(watcher.getByRole("link", { name: "beta-testers" }));
      await someoneElse.segments.create(PROJECT, PRODUCTION, {
        key: "live-segment",
        name: "Made by another user",
      });
      await visible(watcher.getByRole("link", { name: "live-segment" }), 3000);
      console.log(`a change made through the API appeared in another tab after ${flagLatency} ms`);
      await someoneElse.flagConfigs.toggle(PROJECT, PRODUCTION, "search-v2", off.version, true);
      await watcher.close();
    });

    it("rolls the rule back from the audit log, showing what it will restore", async () => {
      const versionWithoutRule = (
        await api.flagConfigs.versions(PROJECT, PRODUCTION, FLAG, { limit: 200 })
      ).items.find(
        (version) =>
          (version.flag.rules ?? []).length === 0 && "rollout" in version.flag.fallthrough,
      )?.version;
      expect(versionWithoutRule).toBeDefined();
      await section(page, "Audit log").click();
      await page.getByLabel("Flag key").fill(FLAG);
      await page.getByRole("button", { name: "Apply filters" }).click();
      const entry = page
        .getByRole("listitem")
        .filter({ hasText: "flag.update-configuration" })
        .filter({
          has: page.getByRole("button", {
            name: `Roll back this change (restore version ${versionWithoutRule})`,
          }),
        });
      await visible(entry);
      await entry.getByText(/changes? \(version/).click();
      await shoot(page, "audit-log");
      await entry
        .getByRole("button", {
          name: `Roll back this change (restore version ${versionWithoutRule})`,
        })
        .click();
      const dialog = page.getByRole("dialog", {
        name: `Roll ${FLAG} back to version ${versionWithoutRule}?`,
      });
      const restores = dialog.getByRole("list", { name: "What the rollback restores" });
      await visible(restores);
      expect(await restores.textContent()).toMatch(/rules\[id=[^\]]+\][\s\S]*removed/i);
      await shoot(page, "rollback-dialog");
      await dialog.getByRole("button", { name: `Restore version ${versionWithoutRule}` }).click();
      await visible(page.getByText(`Restored version ${versionWithoutRule} of ${FLAG}`));

      const document = await sdk.waitFor((doc) => (doc.flags[FLAG]?.rules?.length ?? 1) === 0);
      expect(
        evaluate(document, FLAG, { key: "user-3", plan: "enterprise" }, false).reason.kind,
      ).not.toBe("RULE_MATCH");
      const latest = await api.audit.list({ project: PROJECT, flag: FLAG, limit: 1 });
      expect(latest.items[0]?.action).toBe("flag.rollback");
    });

    it("shows segments with where each is used", async () => {
      await section(page, "Segments").click();
      const row = page.getByRole("row").filter({ hasText: "beta-testers" });
      await visible(row.getByRole("link", { name: "beta-banner" }));
      await shoot(page, "segments");
    });

    it("creates a segment with members and a rule, and the SDK receives it", async () => {
      await page.getByRole("link", { name: "+ Create segment" }).click();
      await page.getByLabel("Key", { exact: true }).fill("e2e-testers");
      await page.getByLabel("Name", { exact: true }).fill("E2E testers");
      await page.getByLabel(/^Included context keys/).fill("tester-1\ntester-2, tester-3");
      await page.getByLabel(/^Excluded context keys/).fill("tester-2");
      await page.getByRole("button", { name: "+ Add rule" }).click();
      await page.getByLabel("Attribute").fill("email");
      await page.getByLabel("Operator").selectOption("endsWith");
      await page.getByLabel("Values").fill("@qa.example.com");
      await expectAllFieldsLabelled(page);
      await page.getByRole("button", { name: "Create segment" }).click();
      await visible(page.getByRole("heading", { name: "e2e-testers" }));
      await visible(page.getByText("Not used"));
      await shoot(page, "segment");
      const document = await sdk.waitFor((doc) => doc.segments["e2e-testers"] !== undefined);
      expect(document.segments["e2e-testers"]).toMatchObject({
        included: ["tester-1", "tester-2", "tester-3"],
        excluded: ["tester-2"],
        rules: [{ clauses: [{ attribute: "email", op: "endsWith", values: ["@qa.example.com"] }] }],
      });
    });

    it("creates an SDK key shown once, and revokes it", async () => {
      await section(page, "Keys").click();
      await page.getByLabel("Kind").selectOption("server");
      await page.getByLabel("Name").fill("e2e service");
      await page.getByRole("button", { name: "Create key" }).click();
      const secret = await page.getByTestId("new-secret").inputValue();
      expect(secret).toMatch(/^fs_server_[0-9a-f]{16}_/);
      await shoot(page, "new-key");
      const response = await fetch(`${server.url}/sdk/v1/flags`, {
        headers: { authorization: secret },
      });
      expect(response.status).toBe(200);
      await page.getByRole("button", { name: "I have copied it" }).click();
      await expect(page.getByTestId("new-secret").count()).resolves.toBe(0);
      await page.getByRole("button", { name: "Revoke e2e service" }).click();
      await page.getByRole("dialog").getByRole("button", { name: "Revoke now" }).click();
      await page.getByRole("row").filter({ hasText: "e2e service" }).waitFor({ state: "detached" });
      await page.getByLabel("Show revoked keys").check();
      await visible(
        page
          .getByRole("row")
          .filter({ hasText: "e2e service" })
          .getByText(/^revoked/),
      );
      expect(
        (await fetch(`${server.url}/sdk/v1/flags`, { headers: { authorization: secret } })).status,
      ).toBe(401);
    });

    it("creates and starts an experiment, SDKs see it running, its events become results, and it stops", async () => {
      // An experiment measures a split: the flag serves a 50/50 rollout in staging.
      const stagingConfig = await api.flagConfigs.get(PROJECT, "staging", FLAG);
      await api.flagConfigs.update(PROJECT, "staging", FLAG, stagingConfig.version, {
        enabled: true,
        fallthrough: { rollout: { weights: [50_000, 50_000] } },
      });
      await section(page, "Experiments").click();
      await page.getByRole("link", { name: "+ Create experiment" }).click();
      await page.getByLabel("Key", { exact: true }).fill("e2e-experiment");
      await page.getByLabel("Name", { exact: true }).fill("E2E checkout experiment");
      await page.getByLabel("Flag", { exact: true }).selectOption(FLAG);
      await page.locator("#experiment-environment").selectOption("staging");
      await page.getByLabel("Hypothesis").fill("The new checkout raises completed checkouts.");
      await page.waitForFunction(
        () => document.querySelectorAll("#experiment-control option").length === 3,
      );
      await page.getByLabel("Control variation").selectOption("off");
      await page.getByLabel("Primary metric (conversion event key)").fill("checkout-completed");
      await page
        .getByLabel("Secondary metrics (comma-separated event keys)")
        .fill("order-total:value");
      await expectAllFieldsLabelled(page);
      await page.getByRole("button", { name: "Create draft experiment" }).click();
      await visible(page.getByRole("heading", { name: /E2E checkout experiment/ }));
      await visible(page.getByText("draft", { exact: true }));
      expect(await page.getByTestId("experiment-definition").textContent()).toBe(
        "Control off · primary metric checkout-completed (converted) · secondary order-total (value)",
      );
      await page.getByRole("button", { name: "Start experiment" }).click();
      await visible(page.getByText("running", { exact: true }));
      const created = await api.experiments.get(PROJECT, "e2e-experiment");
      expect(created).toMatchObject({
        controlVariation: "off",
        primaryMetric: { eventKey: "checkout-completed", kind: "binomial" },
        secondaryMetrics: [{ eventKey: "order-total", kind: "value" }],
      });
      const stagingKey = await sdkKeyFor("staging");
      const staging = new SdkFollower(server.url, stagingKey);
      const running = await staging.waitFor((doc) => doc.flags[FLAG]?.experiment?.running === true);

      // SDK traffic: each context evaluated as the SDK would, exposed, some converting.
      await sendEvents(
        server.url,
        stagingKey,
        experimentTraffic(
          running,
          FLAG,
          "e2e-experiment",
          600,
          { off: 0.2, on: 0.35 },
          "order-total",
        ),
      );
      await page.getByRole("button", { name: "Refresh results" }).click();
      const table = page.getByRole("table", { name: "checkout-completed by variation" });
      await visible(table);
      const heads = await table.locator("tbody th").allTextContents();
      expect([...heads].sort()).toEqual(["off (control)", "on"]);
      // The first cell of each variation's row is its exposed count: every context is counted once.
      const exposed = await table
        .locator("tbody tr")
        .evaluateAll((rows) =>
          rows.map((row) => Number(row.querySelector("td")?.textContent?.replaceAll(",", ""))),
        );
      expect(exposed.reduce((sum, count) => sum + count, 0)).toBe(600);
      await visible(
        page.getByRole("img", { name: /checkout-completed: conversion rate by variation/ }),
      );
      await visible(page.getByRole("table", { name: "order-total by variation" }));
      expect((await page.getByTestId("experiment-verdict").textContent())?.length).toBeGreaterThan(
        10,
      );

      await page.getByRole("button", { name: "Stop experiment" }).click();
      await page.getByRole("dialog").getByRole("button", { name: "Stop for good" }).click();
      await visible(page.getByText("stopped", { exact: true }));
      await staging.waitFor((doc) => doc.flags[FLAG]?.experiment?.running === false);
    });

    it("reads experiment results: rates with intervals drawn, lift, p-value, chance to beat control, verdict", async () => {
      await sendEvents(
        server.url,
        server.serverKey,
        experimentTraffic(sdk.document(), "checkout-button", "checkout-button-test", 3000, {
          control: 0.1,
          blue: 0.12,
          green: 0.15,
        }),
      );
      await section(page, "Experiments").click();
      await page.getByRole("link", { name: "Checkout button colour" }).click();
      await visible(page.getByRole("heading", { name: "Results" }));
      const verdict = page.getByTestId("experiment-verdict");
      await visible(verdict, 10_000);
      expect((await verdict.textContent())?.length ?? 0).toBeGreaterThan(10);
      const chart = page.getByRole("img", {
        name: /checkout-completed: conversion rate by variation/,
      });
      await visible(chart);
      // Every variation's interval is drawn around its point.
      expect(await chart.locator("line.ci").count()).toBe(3);
      expect(await chart.locator("circle.point").count()).toBe(3);
      const table = page.getByRole("table", { name: "checkout-completed by variation" });
      expect(await table.textContent()).toMatch(/control[\s\S]*blue[\s\S]*green/);
      // Each treatment: rate with interval, lift with interval, p-value, chance to beat control.
      const green = (
        await table.getByRole("row").filter({ hasText: "green" }).allTextContents()
      )[0];
      expect(green).toMatch(
        /\d+\.\d % \(\d+\.\d % … \d+\.\d %\)[+−-]?\d+\.\d % \([+−-]?\d+\.\d % … [+−-]?\d+\.\d %\)(< 0\.001|\d\.\d{3})\d+\.\d %$/,
      );
      // The split is as configured: no sample-ratio alert.
      expect(await page.getByRole("alert").count()).toBe(0);
      await shoot(page, "experiment-results");
    });

    it("renders a project with 1,000 flags in under 200 ms", async () => {
      await api.projects.create({ key: "bulk", name: "Bulk (1,000 flags)" });
      const started = performance.now();
      for (let batch = 0; batch < 1000; batch += 20) {
        await Promise.all(
          Array.from({ length: 20 }, (_, offset) => {
            const index = batch + offset;
            return api.flags.create("bulk", {
              key: `flag-${String(index).padStart(4, "0")}`,
              name: `Bulk flag ${index}`,
              tags: [index % 2 === 0 ? "even" : "odd", `team-${index % 7}`],
            });
          }),
        );
      }
      console.log(
        `created 1,000 flags through the API in ${Math.round(performance.now() - started)} ms`,
      );

      // Three fresh page loads (each a new document, so each measures a first render).
      const timings: Array<{ render: number; paint: number }> = [];
      await page.goto("about:blank");
      await page.goto(`${server.url}/?poll=400#/projects/bulk/flags?env=${PRODUCTION}`);
      for (let run = 0; run < 3; run++) {
        if (run > 0) await page.reload();
        await visible(page.getByText("1000 flags"), 20_000);
        timings.push({
          render: await renderTime(page, FLAG_LIST_MARKS.measure),
          paint: await renderTime(page, FLAG_LIST_MARKS.paintMeasure),
        });
        const measures = await page.evaluate(
          (name) => performance.getEntriesByName(name).length,
          FLAG_LIST_MARKS.measure,
        );
        expect(measures).toBe(1);
      }
      await page.getByLabel("Search").fill("flag-09");
      await visible(page.getByText("100 of 1000 flags match"));
      const filterTime = await renderTime(page, FLAG_LIST_MARKS.filterMeasure);
      await page.getByLabel("Search").fill("");
      await shoot(page, "flags-1000");
      const median = (values: number[]) => [...values].sort((a, b) => a - b)[1] as number;
      const render = median(timings.map((timing) => timing.render));
      const paint = median(timings.map((timing) => timing.paint));
      console.log(
        `1,000-flag list, 3 page loads: list data → DOM committed ${timings.map((t) => t.render.toFixed(1)).join(" / ")} ms, ` +
          `→ next frame ${timings.map((t) => t.paint.toFixed(1)).join(" / ")} ms (medians ${render.toFixed(1)} / ${paint.toFixed(1)} ms); ` +
          `a search re-render took ${filterTime.toFixed(1)} ms`,
      );
      expect(render).toBeLessThan(200);
      expect(paint).toBeLessThan(200);
      expect(filterTime).toBeLessThan(200);
    }, 120_000);

    it("works on a phone-sized screen", async () => {
      const phone = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
      const mobile = await openSignedIn(
        phone,
        server,
        `/#/projects/${PROJECT}/flags?env=${PRODUCTION}`,
      );
      await visible(mobile.getByRole("link", { name: FLAG }));
      const overflow = await mobile.evaluate(
        () => document.documentElement.scrollWidth - window.innerWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      await shoot(mobile, "phone-flags");
      await mobile.getByRole("link", { name: FLAG }).click();
      await visible(mobile.getByRole("switch", { name: `Serve ${FLAG} in Production` }));
      expect(
        await mobile.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
      ).toBeLessThanOrEqual(0);
      await shoot(mobile, "phone-flag", true);
      await phone.close();
    });

    afterAll(() => {
      // The README shows a few of these; refresh them when the suite passes locally.
      if (process.env.FLAGSWITCH_UPDATE_SCREENSHOTS !== "1") return;
      const docs = join(RESULTS_DIR, "../../../docs/screenshots");
      mkdirSync(docs, { recursive: true });
      const names = [
        "flags",
        "flag",
        "confirm-production-diff",
        "conflict",
        "audit-log",
        "experiment-results",
        "phone-flags",
      ];
      for (const name of names) {
        const shot = join(RESULTS_DIR, `${name}.png`);
        // Experiment results appear once the server reports them (issue 6).
        if (existsSync(shot)) copyFileSync(shot, join(docs, `dashboard-${name}.png`));
      }
    });
  },
);

/** A link of the section tabs (Flags, Segments, Experiments, Audit log, Keys). */
function section(page: Page, name: string): Locator {
  return page
    .getByRole("navigation", { name: "Sections" })
    .getByRole("link", { name, exact: true });
}

/**
 * A new tab, signed in. The token lives in sessionStorage, which is per tab: a new tab starts
 * signed out, exactly as it would for a person.
 */
async function openSignedIn(
  context: BrowserContext,
  server: RunningServer,
  path: string,
): Promise<Page> {
  const page = await context.newPage();
  // Any page of the origin will do to reach its sessionStorage; the dashboard then loads fresh.
  await page.goto(`${server.url}/healthz`);
  await page.evaluate(
    (token) => sessionStorage.setItem("flagswitch.adminToken", token),
    server.adminToken,
  );
  await page.goto(`${server.url}${path}`);
  return page;
}

/** Waits until a locator is visible (the default 10 s is generous for a loaded CI machine). */
async function visible(locator: Locator, timeout = 10_000): Promise<void> {
  await locator.waitFor({ state: "visible", timeout });
}

async function shoot(page: Page, name: string, fullPage = false): Promise<void> {
  await page.screenshot({ path: join(RESULTS_DIR, `${name}.png`), fullPage });
}

/** Every form control on the page has an accessible name (label, aria-label or aria-labelledby). */
async function expectAllFieldsLabelled(page: Page): Promise<void> {
  const unlabelled = await page.evaluate(() =>
    [...document.querySelectorAll("input, select, textarea, button")]
      .filter((element) => {
        const control = element as HTMLInputElement;
        if (control.type === "hidden") return false;
        const labelled =
          (control.labels?.length ?? 0) > 0 ||
          control.getAttribute("aria-label") ||
          control.getAttribute("aria-labelledby");
        return (
          !labelled && (element.tagName !== "BUTTON" || (element.textContent ?? "").trim() === "")
        );
      })
      .map((element) => element.outerHTML.slice(0, 120)),
  );
  expect(unlabelled).toEqual([]);
}

/** The latest performance.measure of that name, waiting for it to appear. */
async function renderTime(page: Page, name: string): Promise<number> {
  await page.waitForFunction((measure) => performance.getEntriesByName(measure).length > 0, name);
  return page.evaluate((measure) => {
    const entries = performance.getEntriesByName(measure);
    return entries[entries.length - 1]?.duration ?? Number.NaN;
  }, name);
}

/**
 * What an SDK connected to the same server does: poll GET /sdk/v1/flags with the server key
 * and If-None-Match, validate each new document with @flagswitch/core, evaluate locally.
 */
class SdkFollower {
  private etag: string | undefined;
  private current: FlagDocument | undefined;

  constructor(
    private readonly url: string,
    private readonly key: string,
  ) {}

  document(): FlagDocument {
    if (!this.current) throw new Error("the SDK has no document yet");
    return this.current;
  }

  async poll(): Promise<void> {
    const headers: Record<string, string> = { authorization: this.key };
    if (this.etag) headers["if-none-match"] = this.etag;
    const response = await fetch(`${this.url}/sdk/v1/flags`, { headers });
    if (response.status === 304) return;
    if (!response.ok)
      throw new Error(`GET /sdk/v1/flags answered ${response.status}: ${await response.text()}`);
    const checked = validateDocument(await response.json());
    if (!checked.ok) throw new Error(`invalid document: ${JSON.stringify(checked.errors)}`);
    this.current = checked.document;
    this.etag = response.headers.get("etag") ?? undefined;
  }

  /** Polls (every 100 ms, like a fast SDK) until the document satisfies `ready`; returns it. */
  async waitFor(
    ready: (document: FlagDocument) => boolean,
    timeoutMs = 10_000,
  ): Promise<FlagDocument> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.poll();
      if (this.current && ready(this.current)) return this.current;
      if (Date.now() > deadline) throw new Error("the SDK did not see the change within 10 s");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/**
 * Real SDK traffic for the demo A/B/C experiment: 3,000 contexts evaluated with the production
 * document (exposures for the variation each was bucketed into) and conversions at known rates
 * (control 10 %, blue 12 %, green 15 %), sent to POST /sdk/v1/events like an SDK would.
 */
/**
 * What SDKs would send for `count` contexts of an experiment: each context evaluated against the
 * document, exposed to its variation, converting with the variation's rate (a deterministic draw
 * per context, so runs are reproducible); converters also send a value event when one is named.
 */
function experimentTraffic(
  document: FlagDocument,
  flagKey: string,
  experimentKey: string,
  count: number,
  rates: Record<string, number>,
  valueEventKey?: string,
): unknown[] {
  const flag = document.flags[flagKey];
  if (!flag)
    throw new Error(`flag "${flagKey}" is missing from the ${document.environment} document`);
  const events: unknown[] = [];
  const now = Date.now();
  for (let index = 0; index < count; index++) {
    const contextKey = `${experimentKey}-shopper-${index}`;
    const result = evaluate(document, flagKey, { key: contextKey }, null);
    if (result.variationKey === null)
      throw new Error(`${flagKey} served no variation to ${contextKey}`);
    const variation = result.variationKey;
    events.push({
      kind: "exposure",
      flagKey,
      flagVersion: flag.version,
      variation,
      contextKey,
      experimentKey,
      ts: now,
    });
    if (bucket("conversion", contextKey) < (rates[variation] ?? 0) * 100_000) {
      events.push({ kind: "conversion", eventKey: "checkout-completed", contextKey, ts: now + 1 });
      if (valueEventKey) {
        const value = 10 + (bucket("value", contextKey) % 40);
        events.push({
          kind: "conversion",
          eventKey: valueEventKey,
          contextKey,
          value,
          ts: now + 2,
        });
      }
    }
  }
  return events;
}

/** POST /sdk/v1/events in batches of 1,000, as an SDK with a server-side key does. */
async function sendEvents(url: string, serverKey: string, events: unknown[]): Promise<void> {
  for (let offset = 0; offset < events.length; offset += 1000) {
    const response = await fetch(`${url}/sdk/v1/events`, {
      method: "POST",
      headers: { authorization: serverKey, "content-type": "application/json" },
      body: JSON.stringify({
        sdk: { name: "dashboard-e2e", version: "0.0.0" },
        events: events.slice(offset, offset + 1000),
      }),
    });
    expect(response.status).toBe(202);
  }
}
