/** Exposure and conversion events from SDKs: an append-only table; a batch id is stored once. */
import type { Kysely } from "kysely";
import type { Database, NewEvent } from "../schema.js";

/** Rows per INSERT: well under SQLite's 32766 bound variables at 14 columns a row. */
const CHUNK = 500;

/**
 * Stores a batch in one transaction. Returns false (and stores nothing) when this batch id was
 * already stored for the environment: SDK retries are counted once.
 */
export async function insertEventBatch(
  db: Kysely<Database>,
  batch: { environmentId: string; batchId: string | undefined; receivedAt: string },
  events: NewEvent[],
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    if (batch.batchId !== undefined) {
      const inserted = await trx
        .insertInto("event_batches")
        .values({
          environment_id: batch.environmentId,
          batch_id: batch.batchId,
          event_count: events.length,
          received_at: batch.receivedAt,
        })
        .onConflict((oc) => oc.columns(["environment_id", "batch_id"]).doNothing())
        .returning("batch_id")
        .executeTakeFirst();
      if (!inserted) return false;
    }
    for (let start = 0; start < events.length; start += CHUNK) {
      await trx
        .insertInto("events")
        .values(events.slice(start, start + CHUNK))
        .execute();
    }
    return true;
  });
}

export function countEvents(db: Kysely<Database>, environmentId: string) {
  return db
    .selectFrom("events")
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .where("environment_id", "=", environmentId)
    .executeTakeFirstOrThrow()
    .then((row) => Number(row.count));
}
