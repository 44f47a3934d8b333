/**
 * The initial schema. One migration for both dialects; the only differences are spelled out in
 * `columns` (auto-increment ids, and byte-wise collation of keys on PostgreSQL so that ordering and
 * cursor pagination behave exactly as on SQLite).
 */
import { type ColumnDefinitionBuilder, type Kysely, type Migration, sql } from "kysely";
import type { DialectName } from "../connect.js";

export function initialMigration(dialect: DialectName): Migration {
  const serialId = (column: ColumnDefinitionBuilder) =>
    dialect === "postgres"
      ? column.generatedByDefaultAsIdentity().primaryKey()
      : column.autoIncrement().primaryKey();
  const bytewise = (column: ColumnDefinitionBuilder) =>
    dialect === "postgres" ? column.modifyEnd(sql`collate "C"`).notNull() : column.notNull();
  const idType = dialect === "postgres" ? "bigint" : "integer";

  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("projects")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("key", "text", (c) => bytewise(c).unique())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("description", "text", (c) => c.notNull())
        .addColumn("version", "integer", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .execute();

      await db.schema
        .createTable("environments")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("project_id", "text", (c) =>
          c.notNull().references("projects.id").onDelete("cascade"),
        )
        .addColumn("key", "text", bytewise)
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("position", "integer", (c) => c.notNull())
        .addColumn("document_version", "integer", (c) => c.notNull())
        .addColumn("version", "integer", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .addUniqueConstraint("environments_project_key", ["project_id", "key"])
        .execute();

      await db.schema
        .createTable("flags")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("project_id", "text", (c) =>
          c.notNull().references("projects.id").onDelete("cascade"),
        )
        .addColumn("key", "text", bytewise)
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("description", "text", (c) => c.notNull())
        .addColumn("tags", "text", (c) => c.notNull())
        .addColumn("client_side", "integer", (c) => c.notNull())
        .addColumn("archived", "integer", (c) => c.notNull())
        .addColumn("version", "integer", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .addUniqueConstraint("flags_project_key", ["project_id", "key"])
        .execute();

      await db.schema
        .createTable("flag_configs")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("flag_id", "text", (c) => c.notNull().references("flags.id").onDelete("cascade"))
        .addColumn("environment_id", "text", (c) =>
          c.notNull().references("environments.id").onDelete("cascade"),
        )
        .addColumn("version", "integer", (c) => c.notNull())
        .addColumn("enabled", "integer", (c) => c.notNull())
        .addColumn("config", "text", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .addUniqueConstraint("flag_configs_flag_environment", ["flag_id", "environment_id"])
        .execute();
      await db.schema
        .createIndex("flag_configs_environment")
        .on("flag_configs")
        .column("environment_id")
        .execute();

      // No foreign keys: versions outlive a deleted flag, so its history stays readable.
      await db.schema
        .createTable("flag_versions")
        .addColumn("flag_id", "text", (c) => c.notNull())
        .addColumn("environment_id", "text", (c) => c.notNull())
        .addColumn("version", "integer", (c) => c.notNull())
        .addColumn("flag", "text", (c) => c.notNull())
        .addColumn("actor_id", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("flag_versions_pk", ["flag_id", "environment_id", "version"])
        .execute();

      await db.schema
        .createTable("segments")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("environment_id", "text", (c) =>
          c.notNull().references("environments.id").onDelete("cascade"),
        )
        .addColumn("key", "text", bytewise)
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("description", "text", (c) => c.notNull())
        .addColumn("version", "integer", (c) => c.notNull())
        .addColumn("included", "text", (c) => c.notNull())
        .addColumn("excluded", "text", (c) => c.notNull())
        .addColumn("rules", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .addUniqueConstraint("segments_environment_key", ["environment_id", "key"])
        .execute();

      await db.schema
        .createTable("experiments")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("project_id", "text", (c) =>
          c.notNull().references("projects.id").onDelete("cascade"),
        )
        .addColumn("environment_id", "text", (c) =>
          c.notNull().references("environments.id").onDelete("cascade"),
        )
        .addColumn("flag_id", "text", (c) => c.notNull().references("flags.id").onDelete("cascade"))
        .addColumn("key", "text", bytewise)
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("hypothesis", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("started_at", "text")
        .addColumn("stopped_at", "text")
        .addColumn("version", "integer", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .addUniqueConstraint("experiments_project_key", ["project_id", "key"])
        .execute();

      await db.schema
        .createTable("api_keys")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("role", "text")
        .addColumn("project_id", "text", (c) => c.references("projects.id").onDelete("cascade"))
        .addColumn("environment_id", "text", (c) =>
          c.references("environments.id").onDelete("cascade"),
        )
        .addColumn("secret_hash", "text", (c) => c.notNull())
        .addColumn("created_by", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("revoked_at", "text")
        .addColumn("expires_at", "text")
        .execute();

      await db.schema
        .createTable("audit_entries")
        .addColumn("id", idType, serialId)
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("actor_id", "text", (c) => c.notNull())
        .addColumn("actor_name", "text", (c) => c.notNull())
        .addColumn("action", "text", (c) => c.notNull())
        .addColumn("resource_type", "text", (c) => c.notNull())
        .addColumn("resource_key", "text", (c) => c.notNull())
        .addColumn("project_key", "text")
        .addColumn("environment_key", "text")
        .addColumn("flag_key", "text")
        .addColumn("before", "text")
        .addColumn("after", "text")
        .addColumn("comment", "text")
        .addColumn("request_id", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("audit_entries_project")
        .on("audit_entries")
        .columns(["project_key", "id"])
        .execute();
      await db.schema
        .createIndex("audit_entries_flag")
        .on("audit_entries")
        .columns(["flag_key", "id"])
        .execute();
      await db.schema
        .createIndex("audit_entries_created")
        .on("audit_entries")
        .column("created_at")
        .execute();

      await db.schema
        .createTable("idempotency_records")
        .addColumn("actor_id", "text", (c) => c.notNull())
        .addColumn("key", "text", (c) => c.notNull())
        .addColumn("fingerprint", "text", (c) => c.notNull())
        .addColumn("status", "integer", (c) => c.notNull())
        .addColumn("body", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("idempotency_records_pk", ["actor_id", "key"])
        .execute();

      await db.schema
        .createTable("event_batches")
        .addColumn("environment_id", "text", (c) => c.notNull())
        .addColumn("batch_id", "text", (c) => c.notNull())
        .addColumn("event_count", "integer", (c) => c.notNull())
        .addColumn("received_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("event_batches_pk", ["environment_id", "batch_id"])
        .execute();

      await db.schema
        .createTable("events")
        .addColumn("id", idType, serialId)
        .addColumn("environment_id", "text", (c) => c.notNull())
        .addColumn("batch_id", "text")
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("context_key", "text", (c) => c.notNull())
        .addColumn("flag_key", "text")
        .addColumn("flag_version", "integer")
        .addColumn("variation", "text")
        .addColumn("experiment_key", "text")
        .addColumn("event_key", "text")
        .addColumn("value", "double precision")
        .addColumn("ts", "bigint", (c) => c.notNull())
        .addColumn("received_at", "text", (c) => c.notNull())
        .addColumn("sdk_name", "text", (c) => c.notNull())
        .addColumn("sdk_version", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("events_environment_experiment")
        .on("events")
        .columns(["environment_id", "experiment_key", "id"])
        .execute();
    },

    async down(db: Kysely<unknown>) {
      for (const table of [
        "events",
        "event_batches",
        "idempotency_records",
        "audit_entries",
        "api_keys",
        "experiments",
        "segments",
        "flag_versions",
        "flag_configs",
        "flags",
        "environments",
        "projects",
      ]) {
        await db.schema.dropTable(table).ifExists().execute();
      }
    },
  };
}
