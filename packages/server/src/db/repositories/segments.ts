/** Segments: reusable audiences, one set per environment. */
import type { Kysely } from "kysely";
import type { Database, SegmentRow } from "../schema.js";
import { containsText } from "../text-search.js";

export function findSegment(
  db: Kysely<Database>,
  environmentId: string,
  key: string,
): Promise<SegmentRow | undefined> {
  return db
    .selectFrom("segments")
    .selectAll()
    .where("environment_id", "=", environmentId)
    .where("key", "=", key)
    .executeTakeFirst();
}

export function listSegments(
  db: Kysely<Database>,
  query: {
    environmentId: string;
    limit: number;
    after?: string | undefined;
    q?: string | undefined;
  },
): Promise<SegmentRow[]> {
  let select = db
    .selectFrom("segments")
    .selectAll()
    .where("environment_id", "=", query.environmentId)
    .orderBy("key")
    .limit(query.limit + 1);
  if (query.after !== undefined) select = select.where("key", ">", query.after);
  if (query.q) {
    const text = query.q;
    select = select.where((eb) => eb.or([containsText("key", text), containsText("name", text)]));
  }
  return select.execute();
}

/** Every segment of an environment, for its document. */
export function listDocumentSegments(
  db: Kysely<Database>,
  environmentId: string,
): Promise<SegmentRow[]> {
  return db
    .selectFrom("segments")
    .selectAll()
    .where("environment_id", "=", environmentId)
    .execute();
}

export async function insertSegment(db: Kysely<Database>, row: SegmentRow): Promise<void> {
  await db.insertInto("segments").values(row).execute();
}

export async function updateSegment(
  db: Kysely<Database>,
  id: string,
  changes: Partial<
    Pick<
      SegmentRow,
      "name" | "description" | "version" | "included" | "excluded" | "rules" | "updated_at"
    >
  >,
): Promise<void> {
  await db.updateTable("segments").set(changes).where("id", "=", id).execute();
}

export async function deleteSegment(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom("segments").where("id", "=", id).execute();
}
