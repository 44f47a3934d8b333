/** Projects (applications): the top of the model; everything else belongs to one. */
import type { Kysely } from "kysely";
import type { Database, ProjectRow } from "../schema.js";
import { containsText } from "../text-search.js";

export function findProjectByKey(
  db: Kysely<Database>,
  key: string,
): Promise<ProjectRow | undefined> {
  return db.selectFrom("projects").selectAll().where("key", "=", key).executeTakeFirst();
}

export function findProjectById(db: Kysely<Database>, id: string): Promise<ProjectRow | undefined> {
  return db.selectFrom("projects").selectAll().where("id", "=", id).executeTakeFirst();
}

export interface ProjectListQuery {
  limit: number;
  after?: string | undefined;
  q?: string | undefined;
  /** Restricts the list to one project (project-scoped tokens). */
  onlyId?: string | undefined;
}

export function listProjects(db: Kysely<Database>, query: ProjectListQuery): Promise<ProjectRow[]> {
  let select = db
    .selectFrom("projects")
    .selectAll()
    .orderBy("key")
    .limit(query.limit + 1);
  if (query.after !== undefined) select = select.where("key", ">", query.after);
  if (query.onlyId !== undefined) select = select.where("id", "=", query.onlyId);
  if (query.q) {
    const text = query.q;
    select = select.where((eb) => eb.or([containsText("key", text), containsText("name", text)]));
  }
  return select.execute();
}

export async function insertProject(db: Kysely<Database>, row: ProjectRow): Promise<void> {
  await db.insertInto("projects").values(row).execute();
}

export async function updateProject(
  db: Kysely<Database>,
  id: string,
  changes: Partial<Pick<ProjectRow, "name" | "description" | "version" | "updated_at">>,
): Promise<void> {
  await db.updateTable("projects").set(changes).where("id", "=", id).execute();
}

export async function deleteProject(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom("projects").where("id", "=", id).execute();
}
