/**
 * Many rows as ONE bound parameter: a JSON array read back as a table by the database
 * (SQLite `json_each`, PostgreSQL `jsonb_array_elements`). Event ingestion writes thousands of
 * rows per batch; as multi-row VALUES lists they cost one bound variable per cell, a query to
 * compile and a long statement to prepare each time — the JSON form is a short, constant
 * statement and the parsing happens in the database's C code. Measured on SQLite: about twice
 * the ingestion rate (benchmarks/experiments/ingestion.mjs).
 */
import { type RawBuilder, sql } from "kysely";
import type { DialectName } from "./connect.js";

/** `rows` (arrays of cells) as a table source aliased `j`: read cell i with `cell(i)`. */
export function jsonRowSource(
  dialect: DialectName,
  rows: readonly unknown[][],
): RawBuilder<unknown> {
  const json = JSON.stringify(rows);
  return dialect === "postgres"
    ? sql`jsonb_array_elements(cast(${json} as jsonb)) as j(value)`
    : sql`json_each(${json}) as j`;
}

/** Cell `index` of the current JSON row, as text (or the database's numeric type in SQLite: cast where it matters). */
export function cell(index: number): RawBuilder<unknown> {
  return sql.raw(`(j.value ->> ${Math.trunc(index)})`);
}

/** `select <each string>` from one JSON parameter, for `column in (…)`. */
export function jsonTextList(dialect: DialectName, values: readonly string[]): RawBuilder<string> {
  const json = JSON.stringify(values);
  return dialect === "postgres"
    ? sql<string>`(select jsonb_array_elements_text(cast(${json} as jsonb)))`
    : sql<string>`(select j.value from json_each(${json}) as j)`;
}
