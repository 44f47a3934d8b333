/** Reads one environment's flag document from the database (inside the writing transaction). */
import type { FlagDocument } from "@flagswitch/core";
import type { Kysely } from "kysely";
import { listDocumentFlags } from "../db/repositories/flags.js";
import { listDocumentSegments } from "../db/repositories/segments.js";
import type { Database } from "../db/schema.js";
import { documentFlag, settingsOf } from "../domain/flag-model.js";
import { documentSegment } from "../domain/segment-model.js";

export async function readEnvironmentDocument(
  db: Kysely<Database>,
  environment: { id: string; key: string; document_version: number },
): Promise<FlagDocument> {
  const [flagRows, segmentRows] = await Promise.all([
    listDocumentFlags(db, environment.id),
    listDocumentSegments(db, environment.id),
  ]);
  const document: FlagDocument = {
    schemaVersion: 1,
    environment: environment.key,
    version: environment.document_version,
    flags: {},
    segments: {},
  };
  // Sorted keys: the same state always serialises to the same bytes.
  for (const row of flagRows.sort((a, b) => compare(a.key, b.key))) {
    document.flags[row.key] = documentFlag(
      row.key,
      row.version,
      row.client_side === 1,
      settingsOf(row),
    );
  }
  for (const row of segmentRows.sort((a, b) => compare(a.key, b.key))) {
    document.segments[row.key] = documentSegment(row);
  }
  return document;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
