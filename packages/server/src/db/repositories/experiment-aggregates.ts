/**
 * The aggregates ingestion keeps per experiment (experiments/attribution.ts decides what changes):
 * per-context state, per-variation totals, health counters and the pending conversions. Reads
 * touch only the contexts of one batch; results read the totals, never raw events.
 */
import { type Kysely, sql } from "kysely";
import type {
  AttributionChanges,
  ContextMetricState,
  ContextState,
  PendingConversion,
} from "../../experiments/attribution.js";
import { metricStateKey } from "../../experiments/attribution.js";
import type { DialectName } from "../connect.js";
import { cell, jsonRowSource, jsonTextList } from "../json-rows.js";
import type { Database, ExperimentRow } from "../schema.js";

/** Keys per lookup and rows per statement (one JSON parameter each). */
const CHUNK = 5000;
const ROWS = 5000;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size)
    out.push(items.slice(start, start + size));
  return out;
}

/** Experiments of an environment that aggregate events: running ones, and stopped ones (late events from before the stop still count). */
export function listMeasuredExperiments(
  db: Kysely<Database>,
  environmentId: string,
): Promise<ExperimentRow[]> {
  return db
    .selectFrom("experiments")
    .selectAll()
    .where("environment_id", "=", environmentId)
    .where("status", "in", ["running", "stopped"])
    .where("started_at", "is not", null)
    .execute();
}

export async function loadContexts(
  db: Kysely<Database>,
  dialect: DialectName,
  experimentId: string,
  contextKeys: readonly string[],
): Promise<Map<string, ContextState>> {
  const contexts = new Map<string, ContextState>();
  for (const keys of chunks(contextKeys)) {
    const rows = await db
      .selectFrom("experiment_contexts")
      .select(["context_key", "variation", "first_ts", "excluded", "before_exposure"])
      .where("experiment_id", "=", experimentId)
      .where("context_key", "in", jsonTextList(dialect, keys))
      .execute();
    for (const row of rows) {
      contexts.set(row.context_key, {
        variation: row.variation,
        firstTs: Number(row.first_ts),
        excluded: Number(row.excluded) === 1,
        beforeExposure: Number(row.before_exposure),
      });
    }
  }
  return contexts;
}

/** The counted conversions of these contexts, by `metricStateKey(context, eventKey)`. */
export async function loadContextMetrics(
  db: Kysely<Database>,
  dialect: DialectName,
  experimentId: string,
  contextKeys: readonly string[],
): Promise<Map<string, ContextMetricState>> {
  const metrics = new Map<string, ContextMetricState>();
  for (const keys of chunks(contextKeys)) {
    const rows = await db
      .selectFrom("experiment_context_metrics")
      .select(["context_key", "event_key", "conversions", "value_sum"])
      .where("experiment_id", "=", experimentId)
      .where("context_key", "in", jsonTextList(dialect, keys))
      .execute();
    for (const row of rows) {
      metrics.set(metricStateKey(row.context_key, row.event_key), {
        conversions: Number(row.conversions),
        sum: Number(row.value_sum),
      });
    }
  }
  return metrics;
}

export async function loadPendingConversions(
  db: Kysely<Database>,
  dialect: DialectName,
  environmentId: string,
  contextKeys: readonly string[],
): Promise<Map<string, PendingConversion[]>> {
  const pending = new Map<string, PendingConversion[]>();
  for (const keys of chunks(contextKeys)) {
    const rows = await db
      .selectFrom("pending_conversions")
      .select(["context_key", "event_key", "ts", "value"])
      .where("environment_id", "=", environmentId)
      .where("context_key", "in", jsonTextList(dialect, keys))
      .execute();
    for (const row of rows) {
      const list = pending.get(row.context_key) ?? [];
      list.push({
        contextKey: row.context_key,
        eventKey: row.event_key,
        ts: Number(row.ts),
        value: row.value === null ? 0 : Number(row.value),
      });
      pending.set(row.context_key, list);
    }
  }
  return pending;
}

export async function insertPendingConversions(
  db: Kysely<Database>,
  dialect: DialectName,
  environmentId: string,
  conversions: readonly PendingConversion[],
): Promise<void> {
  for (const part of chunks(conversions, ROWS)) {
    const rows = part.map((c) => [c.contextKey, c.eventKey, c.ts, c.value]);
    await sql`insert into pending_conversions (environment_id, context_key, event_key, ts, value)
      select ${environmentId}, ${cell(0)}, ${cell(1)}, cast(${cell(2)} as bigint),
        cast(${cell(3)} as double precision)
      from ${jsonRowSource(dialect, rows)}`.execute(db);
  }
}

/** Deletes the environment's pending conversions from before `beforeTs` (epoch ms). */
export async function purgePendingConversions(
  db: Kysely<Database>,
  environmentId: string,
  beforeTs: number,
): Promise<void> {
  await db
    .deleteFrom("pending_conversions")
    .where("environment_id", "=", environmentId)
    .where("ts", "<", beforeTs)
    .execute();
}

/** Writes one batch's changes for one experiment: context rows replaced, totals incremented. */
export async function saveAttributionChanges(
  db: Kysely<Database>,
  dialect: DialectName,
  experimentId: string,
  changes: AttributionChanges,
): Promise<void> {
  // `where true`: SQLite needs it to read ON CONFLICT after INSERT … SELECT unambiguously.
  for (const part of chunks([...changes.contexts], ROWS)) {
    const rows = part.map(([contextKey, state]) => [
      contextKey,
      state.variation,
      state.firstTs,
      state.excluded ? 1 : 0,
      state.beforeExposure,
    ]);
    await sql`insert into experiment_contexts
        (experiment_id, context_key, variation, first_ts, excluded, before_exposure)
      select ${experimentId}, ${cell(0)}, ${cell(1)}, cast(${cell(2)} as bigint),
        cast(${cell(3)} as integer), cast(${cell(4)} as integer)
      from ${jsonRowSource(dialect, rows)} where true
      on conflict (experiment_id, context_key) do update set variation = excluded.variation,
        first_ts = excluded.first_ts, excluded = excluded.excluded,
        before_exposure = excluded.before_exposure`.execute(db);
  }
  for (const part of chunks([...changes.metrics.values()], ROWS)) {
    const rows = part.map((metric) => [
      metric.contextKey,
      metric.eventKey,
      metric.conversions,
      metric.sum,
    ]);
    await sql`insert into experiment_context_metrics
        (experiment_id, context_key, event_key, conversions, value_sum)
      select ${experimentId}, ${cell(0)}, ${cell(1)}, cast(${cell(2)} as integer),
        cast(${cell(3)} as double precision)
      from ${jsonRowSource(dialect, rows)} where true
      on conflict (experiment_id, context_key, event_key) do update
        set conversions = excluded.conversions, value_sum = excluded.value_sum`.execute(db);
  }
  const variationRows = [...changes.variations].filter(([, delta]) => delta.exposed !== 0);
  if (variationRows.length > 0) {
    await db
      .insertInto("experiment_variation_totals")
      .values(
        variationRows.map(([variation, delta]) => ({
          experiment_id: experimentId,
          variation,
          exposed: delta.exposed,
        })),
      )
      .onConflict((oc) =>
        oc.columns(["experiment_id", "variation"]).doUpdateSet({
          exposed: sql`experiment_variation_totals.exposed + excluded.exposed`,
        }),
      )
      .execute();
  }
  const metricRows = [...changes.variations].flatMap(([variation, delta]) =>
    [...delta.metrics].map(([eventKey, metric]) => ({
      experiment_id: experimentId,
      variation,
      event_key: eventKey,
      converting: metric.converting,
      value_sum: metric.sum,
      value_sum_squares: metric.sumSquares,
    })),
  );
  if (metricRows.length > 0) {
    await db
      .insertInto("experiment_metric_totals")
      .values(metricRows)
      .onConflict((oc) =>
        oc.columns(["experiment_id", "variation", "event_key"]).doUpdateSet({
          converting: sql`experiment_metric_totals.converting + excluded.converting`,
          value_sum: sql`experiment_metric_totals.value_sum + excluded.value_sum`,
          value_sum_squares: sql`experiment_metric_totals.value_sum_squares + excluded.value_sum_squares`,
        }),
      )
      .execute();
  }
  if (changes.excludedContexts !== 0 || changes.conversionsBeforeExposure !== 0) {
    await db
      .insertInto("experiment_health")
      .values({
        experiment_id: experimentId,
        excluded_contexts: changes.excludedContexts,
        conversions_before_exposure: changes.conversionsBeforeExposure,
      })
      .onConflict((oc) =>
        oc.column("experiment_id").doUpdateSet({
          excluded_contexts: sql`experiment_health.excluded_contexts + excluded.excluded_contexts`,
          conversions_before_exposure: sql`experiment_health.conversions_before_exposure + excluded.conversions_before_exposure`,
        }),
      )
      .execute();
  }
}

export interface ExperimentTotals {
  exposed: Map<string, number>;
  /** By variation, then event key. */
  metrics: Map<string, Map<string, { converting: number; sum: number; sumSquares: number }>>;
  excludedContexts: number;
  conversionsBeforeExposure: number;
}

/** Everything results need: a few rows per variation, whatever the traffic. */
export async function readExperimentTotals(
  db: Kysely<Database>,
  experimentId: string,
): Promise<ExperimentTotals> {
  const [variations, metrics, health] = await Promise.all([
    db
      .selectFrom("experiment_variation_totals")
      .select(["variation", "exposed"])
      .where("experiment_id", "=", experimentId)
      .execute(),
    db
      .selectFrom("experiment_metric_totals")
      .select(["variation", "event_key", "converting", "value_sum", "value_sum_squares"])
      .where("experiment_id", "=", experimentId)
      .execute(),
    db
      .selectFrom("experiment_health")
      .select(["excluded_contexts", "conversions_before_exposure"])
      .where("experiment_id", "=", experimentId)
      .executeTakeFirst(),
  ]);
  const totals: ExperimentTotals = {
    exposed: new Map(variations.map((row) => [row.variation, Number(row.exposed)])),
    metrics: new Map(),
    excludedContexts: Number(health?.excluded_contexts ?? 0),
    conversionsBeforeExposure: Number(health?.conversions_before_exposure ?? 0),
  };
  for (const row of metrics) {
    const byEvent = totals.metrics.get(row.variation) ?? new Map();
    byEvent.set(row.event_key, {
      converting: Number(row.converting),
      sum: Number(row.value_sum),
      sumSquares: Number(row.value_sum_squares),
    });
    totals.metrics.set(row.variation, byEvent);
  }
  return totals;
}
