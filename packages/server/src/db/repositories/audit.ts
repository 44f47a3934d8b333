/** The audit log: append-only, newest first. */
import type { Kysely } from "kysely";
import type { AuditEntryRow, Database, NewAuditEntry } from "../schema.js";

export async function insertAuditEntry(
  db: Kysely<Database>,
  entry: NewAuditEntry,
): Promise<number> {
  const row = await db
    .insertInto("audit_entries")
    .values(entry)
    .returning("id")
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export interface AuditQuery {
  limit: number;
  /** Entries with a smaller id than this (the cursor). */
  before?: number | undefined;
  /** Any of these projects (project-scoped tokens see only theirs). */
  projectKeys?: string[] | undefined;
  environmentKey?: string | undefined;
  flagKey?: string | undefined;
  actor?: string | undefined;
  action?: string | undefined;
  resourceType?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export function listAuditEntries(
  db: Kysely<Database>,
  query: AuditQuery,
): Promise<AuditEntryRow[]> {
  let select = db
    .selectFrom("audit_entries")
    .selectAll()
    .orderBy("id", "desc")
    .limit(query.limit + 1);
  if (query.before !== undefined) select = select.where("id", "<", query.before);
  if (query.projectKeys !== undefined)
    select = select.where("project_key", "in", query.projectKeys);
  if (query.environmentKey !== undefined)
    select = select.where("environment_key", "=", query.environmentKey);
  if (query.flagKey !== undefined) select = select.where("flag_key", "=", query.flagKey);
  if (query.actor !== undefined) {
    const actor = query.actor;
    select = select.where((eb) =>
      eb.or([eb("actor_id", "=", actor), eb("actor_name", "=", actor)]),
    );
  }
  if (query.action !== undefined) select = select.where("action", "=", query.action);
  if (query.resourceType !== undefined)
    select = select.where("resource_type", "=", query.resourceType);
  if (query.from !== undefined) select = select.where("created_at", ">=", query.from);
  if (query.to !== undefined) select = select.where("created_at", "<", query.to);
  return select.execute();
}
