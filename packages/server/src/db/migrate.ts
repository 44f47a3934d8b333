/** Brings the schema up to date with the migrations in code; fails loudly naming the migration. */
import { Migrator } from "kysely";
import type { DatabaseHandle } from "./connect.js";
import { migrationProvider } from "./migrations/index.js";

export async function migrateToLatest(handle: DatabaseHandle): Promise<string[]> {
  const migrator = new Migrator({ db: handle.db, provider: migrationProvider(handle.dialect) });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === "Error");
  if (error || failed) {
    const name = failed ? ` "${failed.migrationName}"` : "";
    const reason = error instanceof Error ? error.message : String(error ?? "unknown error");
    throw new Error(`database migration${name} failed on ${handle.location}: ${reason}`);
  }
  return (results ?? []).map((result) => result.migrationName);
}
