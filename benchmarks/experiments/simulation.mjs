/**
 * Do the statistics deserve trust? Many experiments with KNOWN true conversion rates run through
 * the real path — the @flagswitch/sdk client evaluates each experiment's flag for every simulated
 * user (bucketing decides the variation and records the exposure), `track()` records the
 * conversions, the SDK's event recorder sends its batches to POST /sdk/v1/events, the server
 * attributes and aggregates them, and GET …/results is read back — then:
 *   - A/B (true rates 10 % and 12 %: absolute lift +2 points, relative lift +20 %): how often the
 *     95 % intervals contain the true lift (should be ≈ 95 %), and the power;
 *   - A/A (10 % and 10 %): how often p < 0.05 (the false-positive rate, should be ≈ 5 %), how
 *     often the verdict names a winner, and how often the sample-ratio check raises a false alarm.
 * Users are shared between experiments; each flag has its own salt (its key), so assignments
 * are independent. Conversions are drawn from a seeded generator: the run is reproducible.
 *
 *   node benchmarks/experiments/simulation.mjs
 *   (SIM_RUNS per kind, default 400; SIM_USERS per experiment, default 2000; SIM_SEED)
 */
import { machine } from "../fixtures.mjs";
import { loadHarness, seedProject, startExperiment, startServer } from "./harness.mjs";

const RUNS = Number(process.env.SIM_RUNS ?? 400);
const USERS = Number(process.env.SIM_USERS ?? 2000);
const BASE_RATE = 0.1;
const TREATMENT_RATE = 0.12;
const SEED = Number(process.env.SIM_SEED ?? 20261125);

/** mulberry32: a small seeded generator (uniform in [0, 1)). */
function generator(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Share of `hits` in `n`, with its binomial standard error, as text. */
function share(hits, n) {
  const p = hits / n;
  return `${(p * 100).toFixed(1)} % (± ${(196 * Math.sqrt((p * (1 - p)) / n)).toFixed(1)} pts, ${hits}/${n})`;
}

const harness = await loadHarness();
const s = await startServer(harness);
try {
  const { sdkKey } = await seedProject(s);
  const experiments = [];
  for (let i = 0; i < RUNS * 2; i += 1) {
    const kind = i < RUNS ? "ab" : "aa";
    const key = `${kind}-${i}`;
    await startExperiment(s, {
      flag: key,
      experiment: `${key}-test`,
      variations: 2,
      eventKey: `conv-${i}`,
    });
    experiments.push({
      kind,
      flag: key,
      experiment: `${key}-test`,
      eventKey: `conv-${i}`,
      rates: { a: BASE_RATE, b: kind === "ab" ? TREATMENT_RATE : BASE_RATE },
    });
  }

  let deliveryErrors = 0;
  const client = harness.createClient({
    sdkKey,
    baseUrl: s.url,
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    events: { batchSize: 1000, flushIntervalMs: 1000, capacity: 100_000 },
  });
  client.on("error", () => {
    deliveryErrors += 1;
  });
  await client.ready({ timeoutMs: 10_000 });

  const random = generator(SEED);
  const started = performance.now();
  let exposures = 0;
  let conversions = 0;
  for (const experiment of experiments) {
    for (let user = 0; user < USERS; user += 1) {
      const context = { key: `user-${user}` };
      const detail = client.variationDetail(experiment.flag, context, "none");
      if (detail.reason.inExperiment !== true)
        throw new Error(`${experiment.flag}: not in the experiment`);
      exposures += 1;
      if (random() < experiment.rates[detail.variationKey]) {
        client.track(experiment.eventKey, context);
        conversions += 1;
      }
    }
    // Keep the recorder's buffer from overflowing: deliver each experiment's events.
    await client.flush();
  }
  await client.close();
  const trafficSeconds = (performance.now() - started) / 1000;

  const tally = {
    ab: { n: 0, absoluteCovered: 0, relativeCovered: 0, significant: 0, winners: 0, srm: 0 },
    aa: { n: 0, absoluteCovered: 0, relativeCovered: 0, significant: 0, winners: 0, srm: 0 },
  };
  let exposedSeen = 0;
  let convertedSeen = 0;
  for (const experiment of experiments) {
    const results = await s.admin(
      "GET",
      `/api/v1/projects/bench/experiments/${experiment.experiment}/results`,
    );
    const [, treatment] = results.metrics[0].variations;
    const comparison = treatment.comparison;
    const trueAbsolute = experiment.rates.b - experiment.rates.a;
    const trueRelative = experiment.rates.b / experiment.rates.a - 1;
    const t = tally[experiment.kind];
    exposedSeen += results.variations.reduce((total, variation) => total + variation.exposed, 0);
    convertedSeen += results.metrics[0].variations.reduce(
      (total, row) => total + row.converting,
      0,
    );
    t.n += 1;
    const [absLow, absHigh] = comparison.absoluteLiftInterval;
    if (absLow <= trueAbsolute && trueAbsolute <= absHigh) t.absoluteCovered += 1;
    const [relLow, relHigh] = comparison.relativeLiftInterval;
    if (relLow <= trueRelative && trueRelative <= relHigh) t.relativeCovered += 1;
    if (comparison.pValue < 0.05) t.significant += 1;
    if (results.verdict.outcome === "winner") t.winners += 1;
    if (results.sampleRatio.mismatch) t.srm += 1;
  }
  // Every exposure and conversion the SDK recorded arrived and was attributed once.
  if (exposedSeen !== exposures || convertedSeen !== conversions) {
    throw new Error(
      `the server counted ${exposedSeen} exposed and ${convertedSeen} converted contexts; the SDK recorded ${exposures} and ${conversions}`,
    );
  }

  console.log(
    `# experiment simulation, SDK → server (SQLite) → results, ${await machine()}, ${new Date().toISOString()}`,
  );
  console.log(
    JSON.stringify({
      bench: "simulation",
      runsPerKind: RUNS,
      seed: SEED,
      usersPerExperiment: USERS,
      exposures,
      conversions,
      deliveryErrors,
      trafficSeconds: Math.round(trafficSeconds),
    }),
  );
  console.log(`A/B (true ${BASE_RATE * 100} % → ${TREATMENT_RATE * 100} %), ${tally.ab.n} runs:`);
  console.log(
    `  95 % CI of the absolute lift covers the true +2 pts: ${share(tally.ab.absoluteCovered, tally.ab.n)}`,
  );
  console.log(
    `  95 % CI of the relative lift covers the true +20 %:  ${share(tally.ab.relativeCovered, tally.ab.n)}`,
  );
  console.log(
    `  power (p < 0.05): ${share(tally.ab.significant, tally.ab.n)}; verdict "winner": ${tally.ab.winners}`,
  );
  console.log(`A/A (true ${BASE_RATE * 100} % both), ${tally.aa.n} runs:`);
  console.log(`  false positives (p < 0.05): ${share(tally.aa.significant, tally.aa.n)}`);
  console.log(
    `  verdict names a winner: ${share(tally.aa.winners, tally.aa.n)} (expected ≈ 2.5 %: one side)`,
  );
  console.log(`  95 % CI of the lift covers 0: ${share(tally.aa.absoluteCovered, tally.aa.n)}`);
  console.log(
    `  sample-ratio false alarms (p < 0.001): ${tally.ab.srm + tally.aa.srm} of ${tally.ab.n + tally.aa.n}`,
  );
} finally {
  await s.close();
}
