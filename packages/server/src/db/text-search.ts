/** Substring matches that mean the same on SQLite and PostgreSQL. */
import { type RawBuilder, sql } from "kysely";

function escapeLike(text: string): string {
  return text.replaceAll("\\", "\\\\").replaceAll("%", "\\%").replaceAll("_", "\\_");
}

/** Case-insensitive `column LIKE %text%`, with LIKE's wildcards in `text` taken literally. */
export function containsText(column: string, text: string): RawBuilder<boolean> {
  return sql<boolean>`lower(${sql.ref(column)}) like ${`%${escapeLike(text.toLowerCase())}%`} escape '\\'`;
}
