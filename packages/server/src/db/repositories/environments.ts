/** Environments of a project; each owns one flag document whose version lives here. */
import type { Kysely } from "kysely";
import type { Database, EnvironmentRow } from "../schema.js";

export function findEnvironment(
  db: Kysely<Database>,
  projectId: string,
  key: string,
): Promise<EnvironmentRow | undefined> {
  return db
    .selectFrom("environments")
    .selectAll()
    .where("project_id", "=", projectId)
    .where("key", "=", key)
    .executeTakeFirst();
}

export function listEnvironments(
  db: Kysely<Database>,
  projectId: string,
): Promise<EnvironmentRow[]> {
  return db
    .selectFrom("environments")
    .selectAll()
    .where("project_id", "=", projectId)
    .orderBy("position")
    .orderBy("key")
    .execute();
}

export interface EnvironmentWithProject extends EnvironmentRow {
  project_key: string;
}

/** Every environment of every project, for building the document cache at start-up. */
export function listAllEnvironments(db: Kysely<Database>): Promise<EnvironmentWithProject[]> {
  return db
    .selectFrom("environments")
    .innerJoin("projects", "projects.id", "environments.project_id")
    .selectAll("environments")
    .select("projects.key as project_key")
    .execute();
}

export function findEnvironmentWithProject(
  db: Kysely<Database>,
  id: string,
): Promise<EnvironmentWithProject | undefined> {
  return db
    .selectFrom("environments")
    .innerJoin("projects", "projects.id", "environments.project_id")
    .selectAll("environments")
    .select("projects.key as project_key")
    .where("environments.id", "=", id)
    .executeTakeFirst();
}

export async function insertEnvironment(db: Kysely<Database>, row: EnvironmentRow): Promise<void> {
  await db.insertInto("environments").values(row).execute();
}

export async function updateEnvironment(
  db: Kysely<Database>,
  id: string,
  changes: Partial<Pick<EnvironmentRow, "name" | "position" | "version" | "updated_at">>,
): Promise<void> {
  await db.updateTable("environments").set(changes).where("id", "=", id).execute();
}

export async function deleteEnvironment(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom("environments").where("id", "=", id).execute();
}

/**
 * Raises the environment's document version and returns the new one. On PostgreSQL the UPDATE
 * takes the row lock, so every write to one environment is serialised from here to commit: reads
 * made after this call see the latest committed state (SQLite serialises all writes anyway).
 */
export async function bumpDocumentVersion(db: Kysely<Database>, id: string): Promise<number> {
  const row = await db
    .updateTable("environments")
    .set((eb) => ({ document_version: eb("document_version", "+", 1) }))
    .where("id", "=", id)
    .returning("document_version")
    .executeTakeFirstOrThrow();
  return row.document_version;
}
