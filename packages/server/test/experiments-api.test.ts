/**
 * Experiments through the HTTP API, end to end: define an A/B/C experiment, start it (the flag's
 * document entry says running), guard its split, send real event batches to POST /sdk/v1/events,
 * and read results whose figures were computed by hand (each expected value says how).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli/main.js";
import { databases } from "./support/databases.js";
import { createShop, PROD, type ShopFixture } from "./support/fixtures.js";
import { startTestServer, type TestServer } from "./support/test-server.js";

const EXPERIMENTS = "/api/v1/projects/shop/experiments";
const T0 = Date.parse("2026-03-02T10:00:00.000Z");

describe.each(databases)("experiments API on $name", (database) => {
  let t: TestServer;
  let shop: ShopFixture;
  let now = T0;
  beforeAll(async () => {
    t = await startTestServer(database, { clock: { now: () => new Date(now) } });
    shop = await createShop(t);
    await t.ok("POST", "/api/v1/projects/shop/flags", {
      key: "button",
      variations: [
        { key: "a", value: "grey" },
        { key: "b", value: "blue" },
        { key: "c", value: "green" },
      ],
    });
    await t.ok("POST", `${PROD}/flags/button/rollout`, { split: { a: 34, b: 33, c: 33 } });
    await t.ok("POST", `${PROD}/flags/button/toggle`, { enabled: true });
  });
  afterAll(async () => t?.close());

  const send = (batchId: string, events: unknown[]) =>
    t.request("POST", "/sdk/v1/events", {
      token: shop.serverKey,
      body: { batchId, sdk: { name: "test", version: "1" }, events },
    });
  const exposure = (contextKey: string, variation: string, offsetMs: number) => ({
    kind: "exposure",
    flagKey: "button",
    flagVersion: 3,
    variation,
    contextKey,
    experimentKey: "button-test",
    ts: T0 + offsetMs,
  });
  const conversion = (contextKey: string, eventKey: string, offsetMs: number, value?: number) => ({
    kind: "conversion",
    eventKey,
    contextKey,
    ts: T0 + offsetMs,
    ...(value === undefined ? {} : { value }),
  });
  const documentFlag = async () =>
    (await t.request("GET", "/sdk/v1/flags", { token: shop.serverKey })).body.flags.button;

  it("creates a draft with its metrics and refuses metrics that do not fit", async () => {
    const bad = await t.request("POST", EXPERIMENTS, {
      body: {
        key: "bad",
        flag: "button",
        environment: "production",
        controlVariation: "z",
        primaryMetric: { eventKey: "checkout", kind: "binomial" },
      },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0]).toMatchObject({ field: "controlVariation", in: "body" });

    const created = await t.ok("POST", EXPERIMENTS, {
      key: "button-test",
      flag: "button",
      environment: "production",
      hypothesis: "A blue button sells more",
      controlVariation: "a",
      primaryMetric: { eventKey: "checkout", kind: "binomial" },
      secondaryMetrics: [{ eventKey: "revenue", kind: "value" }],
    });
    expect(created).toMatchObject({
      status: "draft",
      controlVariation: "a",
      primaryMetric: { eventKey: "checkout", kind: "binomial" },
      secondaryMetrics: [{ eventKey: "revenue", kind: "value" }],
      startedAt: null,
      split: null,
    });
    expect(await documentFlag()).toMatchObject({
      experiment: { key: "button-test", running: false },
    });
  });

  it("starts: records the split and start time, and marks the flag running", async () => {
    const started = await t.ok("POST", `${EXPERIMENTS}/button-test/start`);
    expect(started).toMatchObject({
      status: "running",
      startedAt: new Date(T0).toISOString(),
      split: { variations: ["a", "b", "c"], weights: [34000, 33000, 33000] },
    });
    expect(await documentFlag()).toMatchObject({
      experiment: { key: "button-test", running: true },
    });
    const frozen = await t.request("PATCH", `${EXPERIMENTS}/button-test`, {
      body: { primaryMetric: { eventKey: "other", kind: "binomial" } },
    });
    expect(frozen.status).toBe(409);
  });

  it("refuses to change the split or the variations while running, unless forced (audited)", async () => {
    now = T0 + 1000;
    const split = await t.request("POST", `${PROD}/flags/button/rollout`, {
      body: { split: { a: 50, b: 25, c: 25 } },
    });
    expect(split.status).toBe(409);
    expect(split.headers.get("content-type")).toContain("application/problem+json");
    expect(split.body.errors[0]).toMatchObject({ field: "force", in: "query" });
    const variations = await t.request("PATCH", `${PROD}/flags/button`, {
      body: {
        variations: [
          { key: "a", value: "grey" },
          { key: "b", value: "navy" },
          { key: "c", value: "green" },
        ],
      },
    });
    expect(variations.status).toBe(409);
    // Changes that leave the assignment alone pass.
    await t.ok("POST", `${PROD}/flags/button/targets/add`, { variation: "a", values: ["qa-1"] });

    await t.ok("POST", `${PROD}/flags/button/rollout?force=true`, {
      split: { a: 34, b: 33, c: 33 },
      comment: "same split, forced to test the audit",
    });
    // The same split again is no change of split: only the forced attempt above counts.
    const experiment = await t.ok("GET", `${EXPERIMENTS}/button-test`);
    expect(experiment.forcedChanges).toBe(0);
    await t.ok("POST", `${PROD}/flags/button/rollout?force=true`, {
      split: { a: 40, b: 30, c: 30 },
    });
    await t.ok("POST", `${PROD}/flags/button/rollout?force=true`, {
      split: { a: 34, b: 33, c: 33 },
    });
    const after = await t.ok("GET", `${EXPERIMENTS}/button-test`);
    expect(after.forcedChanges).toBe(2);
    expect(after.split.weights).toEqual([34000, 33000, 33000]);
    const audit = await t.ok("GET", "/api/v1/audit?project=shop&action=experiment.forced-change");
    expect(audit.items).toHaveLength(2);
    expect(audit.items[0]).toMatchObject({
      resource: { type: "experiment", key: "button-test" },
      flag: "button",
      before: { split: { weights: [40000, 30000, 30000] }, changed: ["split"] },
      after: { split: { weights: [34000, 33000, 33000] }, forcedChanges: 2 },
    });
  });

  it("aggregates real event batches into results that match figures computed by hand", async () => {
    now = T0 + 3_600_000;
    const first = [
      // a: 10 contexts, a0 and a1 convert; a0 twice with revenue 10 + 5, a1 with 20.
      ...Array.from({ length: 10 }, (_, i) => exposure(`a${i}`, "a", 1000 + i)),
      conversion("a0", "checkout", 5000, 10),
      conversion("a0", "revenue", 5000, 10),
      conversion("a0", "revenue", 6000, 5),
      conversion("a1", "checkout", 5000),
      conversion("a1", "revenue", 5000, 20),
      // b: 10 contexts, b0…b3 convert here, b0 with revenue 30.
      ...Array.from({ length: 10 }, (_, i) => exposure(`b${i}`, "b", 1000 + i)),
      ...[0, 1, 2, 3].map((i) => conversion(`b${i}`, "checkout", 7000)),
      conversion("b0", "revenue", 7000, 30),
      // c: 10 contexts, none converts; c0 converted before its exposure (not counted: health).
      ...Array.from({ length: 10 }, (_, i) => exposure(`c${i}`, "c", 2000 + i)),
      conversion("c0", "checkout", 1500),
      // Seen in a and b: excluded from everything, with its conversion.
      exposure("both", "a", 1000),
      exposure("both", "b", 1100),
      conversion("both", "checkout", 2000),
      // Not a metric of this experiment.
      conversion("a2", "newsletter", 3000),
    ];
    const accepted = await send("batch-1", first);
    expect(accepted.status).toBe(202);
    expect(accepted.body).toEqual({ accepted: first.length, duplicate: false });
    // A retried batch is counted once.
    expect((await send("batch-1", first)).body).toEqual({ accepted: 0, duplicate: true });
    // b4's conversion arrives before its exposure (which happened earlier): counted once the
    // exposure comes in a later batch.
    await send("batch-2", [conversion("b4", "checkout", 9000)]);
    await send("batch-3", [exposure("b4", "b", 1004)]);

    const results = await t.ok("GET", `${EXPERIMENTS}/button-test/results`);
    expect(results.experiment).toMatchObject({ key: "button-test", status: "running" });
    expect(results.controlVariation).toBe("a");
    expect(results.variations).toEqual([
      { key: "a", control: true, weight: 34000, exposed: 10 },
      { key: "b", control: false, weight: 33000, exposed: 10 },
      { key: "c", control: false, weight: 33000, exposed: 10 },
    ]);
    expect(results.health).toMatchObject({
      excludedContexts: 1,
      conversionsBeforeExposure: 1,
      forcedChanges: 2,
    });
    expect(results.health.warnings).toHaveLength(3);

    const [checkout, revenue] = results.metrics;
    expect(checkout).toMatchObject({ eventKey: "checkout", kind: "binomial", primary: true });
    const [a, b, c] = checkout.variations;
    expect(a).toMatchObject({ variation: "a", control: true, exposed: 10, converting: 2 });
    expect(a.estimate).toBeCloseTo(0.2, 10);
    // Wilson 95 % for 2/10 by hand: (0.2 + 1.96²/20 ± 1.96·√(0.016 + 1.96²/400)) / (1 + 1.96²/10)
    // = 0.28327 ∓ 0.22658 → [0.05669, 0.50985] (statsmodels proportion_confint agrees).
    expect(a.interval[0]).toBeCloseTo(0.05669, 4);
    expect(a.interval[1]).toBeCloseTo(0.50985, 4);
    expect(a.comparison).toBeNull();
    expect(b).toMatchObject({ variation: "b", exposed: 10, converting: 5 });
    // b against a: pooled p = 7/20; z = 0.3 / √(0.35·0.65·(1/10 + 1/10)) = 1.40642;
    // p = erfc(z/√2) = 0.15960. Relative lift 0.5/0.2 − 1 = 1.5.
    expect(b.comparison.absoluteLift).toBeCloseTo(0.3, 10);
    expect(b.comparison.relativeLift).toBeCloseTo(1.5, 10);
    expect(b.comparison.pValue).toBeCloseTo(0.1596, 4);
    expect(b.comparison.chanceToBeatControl).toBeGreaterThan(0.9);
    expect(c).toMatchObject({ variation: "c", exposed: 10, converting: 0 });
    // Holm over (b, c): c's p-value (2/10 vs 0/10) is the smaller one and gets ×2, b's ×1 but
    // never below c's adjusted value.
    expect(b.comparison.adjustedPValue).toBeGreaterThanOrEqual(b.comparison.pValue);
    expect(c.comparison.adjustedPValue).toBeCloseTo(Math.min(1, 2 * c.comparison.pValue), 10);
    expect(b.comparison.verdict.outcome).toBe("inconclusive");

    expect(revenue).toMatchObject({ eventKey: "revenue", kind: "value", primary: false });
    const [ra, rb] = revenue.variations;
    // a: per-context sums 15 and 20 over 10 exposed contexts → mean 3.5; b: 30/10 = 3.
    expect(ra).toMatchObject({ exposed: 10, converting: 2, sum: 35 });
    expect(ra.estimate).toBeCloseTo(3.5, 10);
    expect(rb).toMatchObject({ exposed: 10, converting: 1, sum: 30 });
    expect(rb.estimate).toBeCloseTo(3, 10);
    // Welch by hand: var_a = (625 − 10·3.5²)/9 = 55.833…, var_b = (900 − 90)/9 = 90;
    // se = √(5.5833 + 9) = 3.81881; t = −0.5/3.81881 = −0.13093.
    expect(rb.comparison.absoluteLift).toBeCloseTo(-0.5, 10);
    expect(rb.comparison.chanceToBeatControl).toBeNull();

    // No winner is claimed without significance.
    expect(results.verdict.outcome).toBe("inconclusive");
    expect(results.verdict.text).toContain("No significant difference between b and a on checkout");
    // The address gives the same figures.
    const byKey = await t.ok("GET", "/api/v1/experiments/button-test/results?project=shop");
    expect(byKey.metrics).toEqual(results.metrics);
  });

  it("prints the results as tables with the verdict in the CLI", async () => {
    let stdout = "";
    let stderr = "";
    const code = await runCli(["experiments", "results", "button-test"], {
      stdout: (text) => (stdout += text),
      stderr: (text) => (stderr += text),
      env: { FLAGSWITCH_URL: t.url, FLAGSWITCH_TOKEN: t.adminToken, FLAGSWITCH_PROJECT: "shop" },
    });
    expect(code, stderr).toBe(0);
    expect(stdout).toContain("Experiment button-test — flag button in production, running");
    expect(stdout).toContain("checkout (binomial, primary)");
    expect(stdout).toMatch(/a \(control\)\s+10\s+2\s+20\.0 %\s+5\.7 % … 51\.0 %/);
    expect(stdout).toMatch(/b\s+10\s+5\s+50\.0 %.*\+150\.0 %.*0\.160/);
    expect(stdout).toContain("revenue (value)");
    expect(stdout).toContain("Sample ratio: a 10 / b 10 / c 10");
    expect(stdout).toContain(
      "Verdict (inconclusive):\n  No significant difference between b and a on checkout",
    );
    const missing = await runCli(["experiments", "results", "nope"], {
      stdout: () => {},
      stderr: (text) => (stderr = text),
      env: { FLAGSWITCH_URL: t.url, FLAGSWITCH_TOKEN: t.adminToken, FLAGSWITCH_PROJECT: "shop" },
    });
    expect(missing).not.toBe(0);
    expect(stderr).toContain('experiment "nope" does not exist');
  });

  it("counts nothing from at or after the stop, even when it arrives later", async () => {
    now = T0 + 7_200_000;
    await t.ok("POST", `${EXPERIMENTS}/button-test/stop`);
    expect(await documentFlag()).toMatchObject({
      experiment: { key: "button-test", running: false },
    });
    now = T0 + 9_000_000;
    await send("late", [
      // Before the stop: counts (b5 converts).
      conversion("b5", "checkout", 7_000_000),
      // After the stop: neither the exposure nor the conversion counts.
      exposure("late-1", "c", 7_300_000),
      conversion("b6", "checkout", 7_300_000),
    ]);
    const results = await t.ok("GET", `${EXPERIMENTS}/button-test/results`);
    expect(results.experiment.status).toBe("stopped");
    expect(results.variations.map((variation: { exposed: number }) => variation.exposed)).toEqual([
      10, 10, 10,
    ]);
    expect(results.metrics[0].variations[1].converting).toBe(6);
  });

  it("flags a sample-ratio mismatch and refuses to call a winner on it", async () => {
    await t.ok("POST", "/api/v1/projects/shop/flags", {
      key: "banner",
      variations: [
        { key: "off", value: false },
        { key: "on", value: true },
      ],
    });
    await t.ok("POST", `${PROD}/flags/banner/rollout`, { split: { off: 50, on: 50 } });
    await t.ok("POST", EXPERIMENTS, {
      key: "banner-test",
      flag: "banner",
      environment: "production",
      primaryMetric: { eventKey: "signup", kind: "binomial" },
    });
    now = T0 + 10_000_000;
    await t.ok("POST", `${EXPERIMENTS}/banner-test/start`);
    now = T0 + 11_000_000;
    const events: unknown[] = [];
    // 300 vs 150 on a 50/50 split: chi-square = 2·75²/225 = 50, p ≈ 1.5e-12.
    for (let i = 0; i < 450; i++) {
      const variation = i < 300 ? "off" : "on";
      events.push({ ...exposure(`s${i}`, variation, 10_100_000), experimentKey: "banner-test" });
      if (i % 2 === 0) events.push(conversion(`s${i}`, "signup", 10_200_000));
    }
    await send("srm", events);
    const results = await t.ok("GET", `${EXPERIMENTS}/banner-test/results`);
    expect(results.sampleRatio.chiSquare).toBeCloseTo(50, 8);
    expect(results.sampleRatio.mismatch).toBe(true);
    expect(results.verdict.outcome).toBe("invalid");
    expect(results.health.warnings[0]).toContain("sample-ratio mismatch");
  });

  it("counts concurrent batches touching the same contexts exactly once", async () => {
    const before = await t.ok("GET", `${EXPERIMENTS}/banner-test/results`);
    const exposedBefore = before.variations[1].exposed;
    // Ten batches at once, each exposing the same 40 new contexts to "on" (plus its own 10):
    // 40 + 10 × 10 = 140 new contexts, whatever the interleaving.
    await Promise.all(
      Array.from({ length: 10 }, (_, batch) =>
        send(`concurrent-${batch}`, [
          ...Array.from({ length: 40 }, (_, i) => ({
            ...exposure(`shared-${i}`, "on", 10_300_000 + batch),
            experimentKey: "banner-test",
          })),
          ...Array.from({ length: 10 }, (_, i) => ({
            ...exposure(`own-${batch}-${i}`, "on", 10_300_000),
            experimentKey: "banner-test",
          })),
        ]),
      ),
    );
    const after = await t.ok("GET", `${EXPERIMENTS}/banner-test/results`);
    expect(after.variations[1].exposed - exposedBefore).toBe(140);
  });

  it("forgets a conversion whose exposure has not arrived within a week", async () => {
    const signups = async () =>
      (await t.ok("GET", `${EXPERIMENTS}/banner-test/results`)).metrics[0].variations[1].converting;
    const before = await signups();
    await send("waiting", [
      conversion("late-a", "signup", 10_500_000),
      conversion("late-b", "signup", 10_500_000),
    ]);
    // late-a's exposure (earlier in time) arrives the next day: counted.
    now = T0 + 11_000_000 + 86_400_000;
    await send("next-day", [
      { ...exposure("late-a", "on", 10_400_000), experimentKey: "banner-test" },
    ]);
    expect(await signups()).toBe(before + 1);
    // late-b's arrives eight days later: its conversion was dropped after seven.
    now = T0 + 11_000_000 + 8 * 86_400_000;
    await send("eight-days", [
      { ...exposure("late-b", "on", 10_400_000), experimentKey: "banner-test" },
    ]);
    expect(await signups()).toBe(before + 1);
  });
});
