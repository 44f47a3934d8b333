/** Flags (project-wide metadata), their per-environment configuration, and every version kept whole. */
import type { Kysely } from "kysely";
import type { Database, FlagConfigRow, FlagRow } from "../schema.js";
import { containsText } from "../text-search.js";

export function findFlag(
  db: Kysely<Database>,
  projectId: string,
  key: string,
): Promise<FlagRow | undefined> {
  return db
    .selectFrom("flags")
    .selectAll()
    .where("project_id", "=", projectId)
    .where("key", "=", key)
    .executeTakeFirst();
}

export interface FlagListQuery {
  projectId: string;
  limit: number;
  after?: string | undefined;
  q?: string | undefined;
  tag?: string | undefined;
  archived: boolean;
  /** With `enabled`: only flags whose configuration in this environment is on/off. */
  environmentId?: string | undefined;
  enabled?: boolean | undefined;
}

export function listFlags(db: Kysely<Database>, query: FlagListQuery): Promise<FlagRow[]> {
  let select = db
    .selectFrom("flags")
    .selectAll("flags")
    .where("flags.project_id", "=", query.projectId)
    .where("flags.archived", "=", query.archived ? 1 : 0)
    .orderBy("flags.key")
    .limit(query.limit + 1);
  if (query.after !== undefined) select = select.where("flags.key", ">", query.after);
  if (query.q) {
    const text = query.q;
    select = select.where((eb) =>
      eb.or([containsText("flags.key", text), containsText("flags.name", text)]),
    );
  }
  if (query.tag !== undefined) {
    // Tags are stored lower-case as a JSON array of strings; match the quoted element.
    select = select.where(containsText("flags.tags", JSON.stringify(query.tag.toLowerCase())));
  }
  if (query.environmentId !== undefined && query.enabled !== undefined) {
    const environmentId = query.environmentId;
    const enabled = query.enabled ? 1 : 0;
    select = select.where(({ exists, selectFrom }) =>
      exists(
        selectFrom("flag_configs")
          .select("flag_configs.id")
          .whereRef("flag_configs.flag_id", "=", "flags.id")
          .where("flag_configs.environment_id", "=", environmentId)
          .where("flag_configs.enabled", "=", enabled),
      ),
    );
  }
  return select.execute();
}

export async function insertFlag(db: Kysely<Database>, row: FlagRow): Promise<void> {
  await db.insertInto("flags").values(row).execute();
}

export async function updateFlag(
  db: Kysely<Database>,
  id: string,
  changes: Partial<
    Pick<
      FlagRow,
      "name" | "description" | "tags" | "client_side" | "archived" | "version" | "updated_at"
    >
  >,
): Promise<void> {
  await db.updateTable("flags").set(changes).where("id", "=", id).execute();
}

export async function deleteFlag(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom("flags").where("id", "=", id).execute();
}

export function findFlagConfig(
  db: Kysely<Database>,
  flagId: string,
  environmentId: string,
): Promise<FlagConfigRow | undefined> {
  return db
    .selectFrom("flag_configs")
    .selectAll()
    .where("flag_id", "=", flagId)
    .where("environment_id", "=", environmentId)
    .executeTakeFirst();
}

export function listFlagConfigs(db: Kysely<Database>, flagIds: string[]): Promise<FlagConfigRow[]> {
  if (flagIds.length === 0) return Promise.resolve([]);
  return db.selectFrom("flag_configs").selectAll().where("flag_id", "in", flagIds).execute();
}

export async function insertFlagConfig(db: Kysely<Database>, row: FlagConfigRow): Promise<void> {
  await db.insertInto("flag_configs").values(row).execute();
}

export async function updateFlagConfig(
  db: Kysely<Database>,
  id: string,
  changes: Pick<FlagConfigRow, "version" | "enabled" | "config" | "updated_at">,
): Promise<void> {
  await db.updateTable("flag_configs").set(changes).where("id", "=", id).execute();
}

/** The flags of one environment's document: not archived, with their configuration. */
export function listDocumentFlags(
  db: Kysely<Database>,
  environmentId: string,
): Promise<Array<FlagConfigRow & { key: string; client_side: number }>> {
  return db
    .selectFrom("flag_configs")
    .innerJoin("flags", "flags.id", "flag_configs.flag_id")
    .selectAll("flag_configs")
    .select(["flags.key as key", "flags.client_side as client_side"])
    .where("flag_configs.environment_id", "=", environmentId)
    .where("flags.archived", "=", 0)
    .execute();
}

export async function insertFlagVersion(
  db: Kysely<Database>,
  row: {
    flag_id: string;
    environment_id: string;
    version: number;
    flag: string;
    actor_id: string;
    created_at: string;
  },
): Promise<void> {
  await db.insertInto("flag_versions").values(row).execute();
}

export function findFlagVersion(
  db: Kysely<Database>,
  flagId: string,
  environmentId: string,
  version: number,
) {
  return db
    .selectFrom("flag_versions")
    .selectAll()
    .where("flag_id", "=", flagId)
    .where("environment_id", "=", environmentId)
    .where("version", "=", version)
    .executeTakeFirst();
}

export function listFlagVersions(
  db: Kysely<Database>,
  flagId: string,
  environmentId: string,
  limit: number,
  before?: number,
) {
  let select = db
    .selectFrom("flag_versions")
    .selectAll()
    .where("flag_id", "=", flagId)
    .where("environment_id", "=", environmentId)
    .orderBy("version", "desc")
    .limit(limit + 1);
  if (before !== undefined) select = select.where("version", "<", before);
  return select.execute();
}
