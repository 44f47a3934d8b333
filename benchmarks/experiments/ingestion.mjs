/**
 * Experiment event ingestion on the embedded database (SQLite), two ways:
 *  - through the HTTP endpoint: POST /sdk/v1/events with batches of 500, 1,000 and 5,000 events,
 *    4 requests in flight (bodies serialised beforehand: the figure is the server's);
 *  - through the ingestion function the endpoint calls (storage + attribution + aggregation in
 *    one transaction), without HTTP, JSON parsing or validation.
 * The traffic is realistic for an experiment: every context is new (first exposure → a new
 * context row), and 30 % of them convert once (a metric row and a total update).
 *
 *   node benchmarks/experiments/ingestion.mjs     (BENCH_EVENTS: events per measurement, default 200,000)
 */
import { machine } from "../fixtures.mjs";
import { loadHarness, seedProject, startExperiment, startServer } from "./harness.mjs";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 200_000);
const IN_FLIGHT = 4;

/** Events for `contexts` new contexts starting at `first`: an exposure each, a conversion for 30 %. */
function eventsFor(prefix, first, count, ts) {
  const events = [];
  for (let i = first; events.length < count; i += 1) {
    const contextKey = `${prefix}-${i}`;
    events.push({
      kind: "exposure",
      flagKey: "ingest",
      flagVersion: 3,
      variation: i % 2 === 0 ? "a" : "b",
      contextKey,
      experimentKey: "ingest-test",
      ts,
    });
    if (i % 10 < 3 && events.length < count) {
      events.push({ kind: "conversion", eventKey: "purchase", contextKey, value: 20, ts: ts + 1 });
    }
  }
  return events;
}

/**
 * Events per second of wall time, and per second of this process's CPU time (user + system):
 * the machine is shared, and the second figure is what the code costs when it has a core.
 */
function rates(accepted, started, cpu) {
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  return {
    accepted,
    eventsPerSecond: Math.round(accepted / seconds),
    eventsPerCpuSecond: Math.round(accepted / cpuSeconds),
  };
}

async function viaHttp(s, sdkKey, batchSize, prefix) {
  const ts = Date.now() - 60_000;
  const bodies = [];
  let context = 0;
  for (let sent = 0; sent < EVENTS; sent += batchSize) {
    const events = eventsFor(prefix, context, batchSize, ts);
    context += Math.ceil(events.length / 1.3) + 10;
    bodies.push(
      JSON.stringify({
        batchId: `${prefix}-${sent}`,
        sdk: { name: "bench", version: "1" },
        events,
      }),
    );
  }
  let next = 0;
  let accepted = 0;
  const started = performance.now();
  const cpu = process.cpuUsage();
  async function sender() {
    while (next < bodies.length) {
      const body = bodies[next++];
      const response = await fetch(`${s.url}/sdk/v1/events`, {
        method: "POST",
        headers: { authorization: sdkKey, "content-type": "application/json" },
        body,
      });
      const answer = await response.json();
      if (response.status !== 202)
        throw new Error(`events → ${response.status}: ${JSON.stringify(answer)}`);
      accepted += answer.accepted;
    }
  }
  await Promise.all(Array.from({ length: IN_FLIGHT }, sender));
  return rates(accepted, started, cpu);
}

async function viaFunction(harness, s, environmentId, batchSize, prefix) {
  const ts = Date.now() - 60_000;
  const batches = [];
  let context = 0;
  for (let sent = 0; sent < EVENTS; sent += batchSize) {
    const events = eventsFor(prefix, context, batchSize, ts);
    context += Math.ceil(events.length / 1.3) + 10;
    batches.push({ batchId: `${prefix}-${sent}`, events });
  }
  let accepted = 0;
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (const batch of batches) {
    const stored = await harness.ingestEventBatch(s.server.services.db, "sqlite", {
      environmentId,
      batchId: batch.batchId,
      receivedAt: new Date().toISOString(),
      sdk: { name: "bench", version: "1" },
      events: batch.events,
    });
    if (stored) accepted += batch.events.length;
  }
  return rates(accepted, started, cpu);
}

const harness = await loadHarness();
const s = await startServer(harness);
try {
  const { sdkKey, environmentId } = await seedProject(s);
  await startExperiment(s, {
    flag: "ingest",
    experiment: "ingest-test",
    variations: 2,
    eventKey: "purchase",
    secondary: [{ eventKey: "purchase", kind: "value" }],
  });
  console.log(`# experiment ingestion, SQLite, ${await machine()}, ${new Date().toISOString()}`);
  for (const batchSize of [500, 1000, 5000]) {
    const http = await viaHttp(s, sdkKey, batchSize, `h${batchSize}`);
    console.log(
      JSON.stringify({
        bench: "ingestion",
        path: "POST /sdk/v1/events",
        batchSize,
        inFlight: IN_FLIGHT,
        ...http,
      }),
    );
    const direct = await viaFunction(harness, s, environmentId, batchSize, `f${batchSize}`);
    console.log(
      JSON.stringify({ bench: "ingestion", path: "ingestEventBatch()", batchSize, ...direct }),
    );
  }
  const results = await s.admin("GET", "/api/v1/projects/bench/experiments/ingest-test/results");
  const exposed = results.variations.reduce((total, variation) => total + variation.exposed, 0);
  console.log(
    JSON.stringify({ bench: "ingestion", check: "exposed contexts in results", exposed }),
  );
} finally {
  await s.close();
}
