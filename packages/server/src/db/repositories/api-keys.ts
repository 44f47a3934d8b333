/** Admin tokens and SDK keys; only hashes are stored. */
import type { Kysely } from "kysely";
import type { ApiKeyRow, Database } from "../schema.js";

export interface ApiKeyWithScope extends ApiKeyRow {
  project_key: string | null;
  environment_key: string | null;
}

function selectWithScope(db: Kysely<Database>) {
  return db
    .selectFrom("api_keys")
    .leftJoin("projects", "projects.id", "api_keys.project_id")
    .leftJoin("environments", "environments.id", "api_keys.environment_id")
    .selectAll("api_keys")
    .select(["projects.key as project_key", "environments.key as environment_key"]);
}

export function findApiKey(db: Kysely<Database>, id: string): Promise<ApiKeyWithScope | undefined> {
  return selectWithScope(db).where("api_keys.id", "=", id).executeTakeFirst();
}

/** Keys that may still authenticate (not revoked; expiry is checked at use). */
export function listUsableApiKeys(db: Kysely<Database>): Promise<ApiKeyWithScope[]> {
  return selectWithScope(db).where("api_keys.revoked_at", "is", null).execute();
}

export function listApiKeys(
  db: Kysely<Database>,
  query: {
    limit: number;
    after?: string | undefined;
    kind?: string | undefined;
    projectId?: string | undefined;
    environmentId?: string | undefined;
    includeRevoked: boolean;
  },
): Promise<ApiKeyWithScope[]> {
  let select = selectWithScope(db)
    .orderBy("api_keys.id")
    .limit(query.limit + 1);
  if (query.after !== undefined) select = select.where("api_keys.id", ">", query.after);
  if (query.kind !== undefined) select = select.where("api_keys.kind", "=", query.kind);
  if (query.projectId !== undefined)
    select = select.where("api_keys.project_id", "=", query.projectId);
  if (query.environmentId !== undefined)
    select = select.where("api_keys.environment_id", "=", query.environmentId);
  if (!query.includeRevoked) select = select.where("api_keys.revoked_at", "is", null);
  return select.execute();
}

export async function countUsableGlobalAdminTokens(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom("api_keys")
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .where("kind", "=", "admin")
    .where("role", "=", "admin")
    .where("project_id", "is", null)
    .where("revoked_at", "is", null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function insertApiKey(db: Kysely<Database>, row: ApiKeyRow): Promise<void> {
  await db.insertInto("api_keys").values(row).execute();
}

export async function revokeApiKey(
  db: Kysely<Database>,
  id: string,
  revokedAt: string,
): Promise<void> {
  await db.updateTable("api_keys").set({ revoked_at: revokedAt }).where("id", "=", id).execute();
}

export async function setApiKeyExpiry(
  db: Kysely<Database>,
  id: string,
  expiresAt: string,
): Promise<void> {
  await db.updateTable("api_keys").set({ expires_at: expiresAt }).where("id", "=", id).execute();
}
