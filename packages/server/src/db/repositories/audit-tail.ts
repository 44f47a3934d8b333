/** The audit log read forwards, oldest first: what the admin change stream sends. */
import type { Kysely } from "kysely";
import type { AuditEntryRow, Database } from "../schema.js";

export interface AuditTailQuery {
  /** Entries with a larger id than this. */
  after: number;
  /** Only this project's entries (a project-scoped token); `null`: every entry. */
  projectKey: string | null;
  limit: number;
}

/** The ids only (cheap: the stream reads them often), ascending. */
export async function listAuditEntryIdsAfter(
  db: Kysely<Database>,
  query: AuditTailQuery,
): Promise<number[]> {
  let select = db
    .selectFrom("audit_entries")
    .select("id")
    .where("id", ">", query.after)
    .orderBy("id", "asc")
    .limit(query.limit);
  if (query.projectKey !== null) select = select.where("project_key", "=", query.projectKey);
  return (await select.execute()).map((row) => Number(row.id));
}

/** Whole entries by id, ascending. */
export function listAuditEntriesById(
  db: Kysely<Database>,
  ids: number[],
): Promise<AuditEntryRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("audit_entries")
    .selectAll()
    .where("id", "in", ids)
    .orderBy("id", "asc")
    .execute();
}

/** The newest entry's id, 0 when the log is empty. */
export async function latestAuditEntryId(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom("audit_entries")
    .select((eb) => eb.fn.max("id").as("latest"))
    .executeTakeFirst();
  return Number(row?.latest ?? 0);
}
