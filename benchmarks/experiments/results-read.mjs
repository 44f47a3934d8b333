/**
 * Reading results for an experiment with 1,000,000 exposed contexts (A/B/C, a binomial and a
 * value metric): the contexts are ingested first through the ingestion function (5,000-event
 * batches; a third of the contexts convert), then GET …/experiments/:key/results is timed over
 * HTTP. Results read the per-variation totals — a few rows — so the time does not grow with
 * the number of contexts.
 *
 *   node benchmarks/experiments/results-read.mjs     (BENCH_CONTEXTS, default 1,000,000)
 */
import { machine } from "../fixtures.mjs";
import { loadHarness, percentile, seedProject, startExperiment, startServer } from "./harness.mjs";

const CONTEXTS = Number(process.env.BENCH_CONTEXTS ?? 1_000_000);
const BATCH = 5000;
const READS = 50;

const harness = await loadHarness();
const s = await startServer(harness);
try {
  const { environmentId } = await seedProject(s);
  const variations = await startExperiment(s, {
    flag: "big",
    experiment: "big-test",
    variations: 3,
    eventKey: "checkout",
    secondary: [{ eventKey: "revenue", kind: "value" }],
  });
  console.log(`# experiment results read, SQLite, ${await machine()}, ${new Date().toISOString()}`);
  const ts = Date.now() - 60_000;
  const ingestStarted = performance.now();
  let events = [];
  let batch = 0;
  const flush = async () => {
    await harness.ingestEventBatch(s.server.services.db, "sqlite", {
      environmentId,
      batchId: `big-${batch++}`,
      receivedAt: new Date().toISOString(),
      sdk: { name: "bench", version: "1" },
      events,
    });
    events = [];
  };
  for (let i = 0; i < CONTEXTS; i += 1) {
    const contextKey = `user-${i}`;
    events.push({
      kind: "exposure",
      flagKey: "big",
      flagVersion: 3,
      // As the 34/33/33 split assigns them (the sample-ratio check must pass).
      variation: variations[i % 100 < 34 ? 0 : i % 100 < 67 ? 1 : 2],
      contextKey,
      experimentKey: "big-test",
      ts,
    });
    // Every third group of three converts: a third of each variation.
    if (Math.floor(i / 3) % 3 === 0) {
      events.push({ kind: "conversion", eventKey: "checkout", contextKey, ts: ts + 1 });
      events.push({
        kind: "conversion",
        eventKey: "revenue",
        contextKey,
        value: (i % 7) * 10,
        ts: ts + 2,
      });
    }
    if (events.length >= BATCH) await flush();
  }
  if (events.length > 0) await flush();
  const ingestSeconds = (performance.now() - ingestStarted) / 1000;
  console.log(
    JSON.stringify({
      bench: "results-read",
      step: "ingest",
      contexts: CONTEXTS,
      seconds: Math.round(ingestSeconds),
    }),
  );

  const times = [];
  let results;
  for (let i = 0; i < READS; i += 1) {
    const started = performance.now();
    results = await s.admin("GET", "/api/v1/projects/bench/experiments/big-test/results");
    times.push(performance.now() - started);
  }
  const exposed = results.variations.reduce((total, variation) => total + variation.exposed, 0);
  if (exposed !== CONTEXTS)
    throw new Error(`results show ${exposed} exposed contexts, expected ${CONTEXTS}`);
  console.log(
    JSON.stringify({
      bench: "results-read",
      exposedContexts: exposed,
      reads: READS,
      p50Ms: Number(percentile(times, 50).toFixed(2)),
      p99Ms: Number(percentile(times, 99).toFixed(2)),
      maxMs: Number(Math.max(...times).toFixed(2)),
      verdict: results.verdict.text,
    }),
  );
} finally {
  await s.close();
}
