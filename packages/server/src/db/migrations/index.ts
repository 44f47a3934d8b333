/**
 * Every migration, in code (no files to locate at run time, so the bundled CLI carries them).
 * Names sort in the order they run; never rename or edit one that has shipped — add a new one.
 */
import type { Migration, MigrationProvider } from "kysely";
import type { DialectName } from "../connect.js";
import { initialMigration } from "./0001-initial.js";
import { experimentResultsMigration } from "./0002-experiment-results.js";

export function migrationProvider(dialect: DialectName): MigrationProvider {
  return {
    async getMigrations(): Promise<Record<string, Migration>> {
      return {
        "0001-initial": initialMigration(dialect),
        "0002-experiment-results": experimentResultsMigration(dialect),
      };
    },
  };
}
