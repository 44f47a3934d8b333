/** Exposure and conversion events from SDKs: an append-only table; a batch id is stored once. */
import { type Kysely, sql } from "kysely";
import type { DialectName } from "../connect.js";
import { cell, jsonRowSource } from "../json-rows.js";
import type { Database } from "../schema.js";

/** One event as the SDK sent it (times already epoch milliseconds). */
export type IncomingEvent =
  | {
      kind: "exposure";
      flagKey: string;
      flagVersion: number;
      variation: string;
      contextKey: string;
      experimentKey: string;
      ts: number;
    }
  | { kind: "conversion"; eventKey: string; contextKey: string; value?: number; ts: number };

export interface EventBatch {
  environmentId: string;
  /** The SDK's batch id; absent, the batch cannot be recognised when retried. */
  batchId: string | undefined;
  /** ISO-8601 time the server received the batch. */
  receivedAt: string;
  sdk: { name: string; version: string };
  events: IncomingEvent[];
}

/** Rows per statement: bounds the JSON parameter to a few megabytes. */
const CHUNK = 5000;

/**
 * Stores a batch inside the caller's transaction (experiments/ingestion.ts aggregates it in the
 * same one). Returns false (and stores nothing) when this batch id was already stored for the
 * environment: SDK retries are counted once.
 */
export async function storeEventBatch(
  trx: Kysely<Database>,
  dialect: DialectName,
  batch: EventBatch,
): Promise<boolean> {
  if (batch.batchId !== undefined) {
    const inserted = await trx
      .insertInto("event_batches")
      .values({
        environment_id: batch.environmentId,
        batch_id: batch.batchId,
        event_count: batch.events.length,
        received_at: batch.receivedAt,
      })
      .onConflict((oc) => oc.columns(["environment_id", "batch_id"]).doNothing())
      .returning("batch_id")
      .executeTakeFirst();
    if (!inserted) return false;
  }
  for (let start = 0; start < batch.events.length; start += CHUNK) {
    const rows = batch.events
      .slice(start, start + CHUNK)
      .map((event) =>
        event.kind === "exposure"
          ? [
              "exposure",
              event.contextKey,
              event.flagKey,
              event.flagVersion,
              event.variation,
              event.experimentKey,
              null,
              null,
              event.ts,
            ]
          : [
              "conversion",
              event.contextKey,
              null,
              null,
              null,
              null,
              event.eventKey,
              event.value ?? null,
              event.ts,
            ],
      );
    await sql`insert into events (environment_id, batch_id, received_at, sdk_name, sdk_version,
        kind, context_key, flag_key, flag_version, variation, experiment_key, event_key, value, ts)
      select ${batch.environmentId}, ${batch.batchId ?? null}, ${batch.receivedAt}, ${batch.sdk.name},
        ${batch.sdk.version}, ${cell(0)}, ${cell(1)}, ${cell(2)}, cast(${cell(3)} as integer),
        ${cell(4)}, ${cell(5)}, ${cell(6)}, cast(${cell(7)} as double precision),
        cast(${cell(8)} as bigint)
      from ${jsonRowSource(dialect, rows)}`.execute(trx);
  }
  return true;
}

export function countEvents(db: Kysely<Database>, environmentId: string) {
  return db
    .selectFrom("events")
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .where("environment_id", "=", environmentId)
    .executeTakeFirstOrThrow()
    .then((row) => Number(row.count));
}
