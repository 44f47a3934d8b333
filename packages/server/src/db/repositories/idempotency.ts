/** Answers to writes sent with an `Idempotency-Key`, so a retry gets the first answer back. */
import type { Kysely } from "kysely";
import type { Database } from "../schema.js";

export interface IdempotencyRecord {
  fingerprint: string;
  status: number;
  body: string;
}

export function findIdempotencyRecord(
  db: Kysely<Database>,
  actorId: string,
  key: string,
): Promise<IdempotencyRecord | undefined> {
  return db
    .selectFrom("idempotency_records")
    .select(["fingerprint", "status", "body"])
    .where("actor_id", "=", actorId)
    .where("key", "=", key)
    .executeTakeFirst();
}

export async function insertIdempotencyRecord(
  db: Kysely<Database>,
  row: {
    actor_id: string;
    key: string;
    fingerprint: string;
    status: number;
    body: string;
    created_at: string;
  },
): Promise<void> {
  await db.insertInto("idempotency_records").values(row).execute();
}

export async function deleteIdempotencyRecordsBefore(
  db: Kysely<Database>,
  before: string,
): Promise<void> {
  await db.deleteFrom("idempotency_records").where("created_at", "<", before).execute();
}
