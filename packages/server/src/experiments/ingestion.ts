/**
 * Ingestion of one SDK event batch: stored append-only and aggregated into every measuring
 * experiment of the environment, in one transaction — so a batch is counted entirely or not at
 * all, and a retried batch id (stored once) is never counted twice.
 */
import { type Kysely, sql } from "kysely";
import type { DialectName } from "../db/connect.js";
import { type EventBatch, storeEventBatch } from "../db/repositories/events.js";
import {
  insertPendingConversions,
  listMeasuredExperiments,
  loadContextMetrics,
  loadContexts,
  loadPendingConversions,
  purgePendingConversions,
  saveAttributionChanges,
} from "../db/repositories/experiment-aggregates.js";
import type { Database, ExperimentRow } from "../db/schema.js";
import {
  type AttributionWindow,
  attributeBatch,
  type ConversionEvent,
  contextsNeedingHistory,
  type ExposureEvent,
} from "./attribution.js";
import { definitionOf, eventKeysOf } from "./definition.js";

/**
 * How long a conversion waits for an exposure that happened before it but has not arrived. SDKs
 * deliver within minutes (retries included); a week covers devices that were offline. Without a
 * bound, every measured conversion of a context never exposed (targeted out of the experiment,
 * say) would be kept for ever.
 */
export const PENDING_CONVERSION_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

/** Stores and aggregates a batch; false when its batch id was already ingested. */
export function ingestEventBatch(
  db: Kysely<Database>,
  dialect: DialectName,
  batch: EventBatch,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    if (dialect === "postgres") {
      // Aggregation reads then writes per-context rows: batches of one environment take turns
      // (SQLite transactions already do: they begin IMMEDIATE).
      await sql`select pg_advisory_xact_lock(hashtext(${`flagswitch-events:${batch.environmentId}`}))`.execute(
        trx,
      );
    }
    const stored = await storeEventBatch(trx, dialect, batch);
    if (stored) {
      await purgePendingConversions(
        trx,
        batch.environmentId,
        Date.parse(batch.receivedAt) - PENDING_CONVERSION_RETENTION_MS,
      );
      await aggregateEvents(trx, dialect, batch);
    }
    return stored;
  });
}

export function windowOf(experiment: ExperimentRow): AttributionWindow {
  return {
    startedAt: Date.parse(experiment.started_at ?? ""),
    stoppedAt: experiment.stopped_at === null ? null : Date.parse(experiment.stopped_at),
    eventKeys: new Set(eventKeysOf(definitionOf(experiment))),
  };
}

async function aggregateEvents(
  trx: Kysely<Database>,
  dialect: DialectName,
  batch: EventBatch,
): Promise<void> {
  const experiments = await listMeasuredExperiments(trx, batch.environmentId);
  if (experiments.length === 0) return;
  // A clock running ahead must not place an event after a stop that has not happened yet.
  const receivedMs = Date.parse(batch.receivedAt);
  const exposures: Array<ExposureEvent & { experimentKey: string }> = [];
  const conversions: ConversionEvent[] = [];
  for (const event of batch.events) {
    const ts = Math.min(event.ts, receivedMs);
    if (event.kind === "exposure") {
      exposures.push({
        experimentKey: event.experimentKey,
        contextKey: event.contextKey,
        variation: event.variation,
        ts,
      });
    } else {
      conversions.push({
        contextKey: event.contextKey,
        eventKey: event.eventKey,
        ts,
        value: event.value ?? 0,
      });
    }
  }

  const uncounted = new Set<number>();
  for (const experiment of experiments) {
    const window = windowOf(experiment);
    const mine = exposures.filter((exposure) => exposure.experimentKey === experiment.key);
    const measured = conversions.filter((conversion) => window.eventKeys.has(conversion.eventKey));
    if (mine.length === 0 && measured.length === 0) continue;
    const contextKeys = [
      ...new Set([
        ...mine.map((exposure) => exposure.contextKey),
        ...measured.map((conversion) => conversion.contextKey),
      ]),
    ];
    const contexts = await loadContexts(trx, dialect, experiment.id, contextKeys);
    const metrics = await loadContextMetrics(trx, dialect, experiment.id, contextKeys);
    const pending = await loadPendingConversions(
      trx,
      dialect,
      batch.environmentId,
      contextsNeedingHistory(window, mine, contexts),
    );
    const changes = attributeBatch(window, mine, conversions, { contexts, metrics, pending });
    await saveAttributionChanges(trx, dialect, experiment.id, changes);
    for (const index of changes.uncounted) uncounted.add(index);
  }
  // Kept once per environment, whichever experiments could not count them yet.
  await insertPendingConversions(
    trx,
    dialect,
    batch.environmentId,
    [...uncounted].map((index) => conversions[index] as ConversionEvent),
  );
}
