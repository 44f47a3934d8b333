/**
 * Experiment results (issue 6): the experiment's definition (control, metrics, the rollout that
 * splits traffic and its weights when it started) and the aggregates that ingestion keeps up to
 * date, so results are read from a handful of rows and never by scanning raw events.
 *
 * The per-context tables are clustered on their key (SQLite `WITHOUT ROWID`; PostgreSQL keeps the
 * primary key index): ingestion looks contexts up by (experiment, context key) and nothing else.
 */
import { type CreateTableBuilder, type Kysely, type Migration, sql } from "kysely";
import type { DialectName } from "../connect.js";

export function experimentResultsMigration(dialect: DialectName): Migration {
  const clustered = <T extends string, C extends string>(table: CreateTableBuilder<T, C>) =>
    dialect === "sqlite" ? table.modifyEnd(sql`without rowid`) : table;
  const idType = dialect === "postgres" ? "bigint" : "integer";

  return {
    async up(db: Kysely<unknown>) {
      // Raw events are an append-only log: results read the aggregates below, nothing reads
      // events by experiment, and this index cost every ingested event a second B-tree insert.
      await db.schema.dropIndex("events_environment_experiment").execute();

      // SQLite adds one column per ALTER TABLE.
      const experiments = () => db.schema.alterTable("experiments");
      await experiments().addColumn("control_variation", "text").execute();
      await experiments().addColumn("rule_id", "text").execute();
      await experiments().addColumn("primary_metric", "text").execute();
      await experiments()
        .addColumn("secondary_metrics", "text", (c) => c.notNull().defaultTo("[]"))
        .execute();
      await experiments().addColumn("split", "text").execute();
      await experiments()
        .addColumn("forced_changes", "integer", (c) => c.notNull().defaultTo(0))
        .execute();

      // Which variation a context belongs to, from its first exposure; `excluded` once it was
      // exposed to two variations.
      await clustered(
        db.schema
          .createTable("experiment_contexts")
          .addColumn("experiment_id", "text", (c) =>
            c.notNull().references("experiments.id").onDelete("cascade"),
          )
          .addColumn("context_key", "text", (c) => c.notNull())
          .addColumn("variation", "text", (c) => c.notNull())
          .addColumn("first_ts", "bigint", (c) => c.notNull())
          .addColumn("excluded", "integer", (c) => c.notNull())
          // Conversions after the start but before this first exposure (a health figure that
          // must leave the totals if the context is later excluded or exposed earlier).
          .addColumn("before_exposure", "integer", (c) => c.notNull().defaultTo(0))
          .addPrimaryKeyConstraint("experiment_contexts_pk", ["experiment_id", "context_key"]),
      ).execute();

      // A context's counted conversions per event key (the count, and the sum of their values),
      // so the next conversion can update the variation's sum of squares exactly.
      await clustered(
        db.schema
          .createTable("experiment_context_metrics")
          .addColumn("experiment_id", "text", (c) =>
            c.notNull().references("experiments.id").onDelete("cascade"),
          )
          .addColumn("context_key", "text", (c) => c.notNull())
          .addColumn("event_key", "text", (c) => c.notNull())
          .addColumn("conversions", "integer", (c) => c.notNull())
          .addColumn("value_sum", "double precision", (c) => c.notNull())
          .addPrimaryKeyConstraint("experiment_context_metrics_pk", [
            "experiment_id",
            "context_key",
            "event_key",
          ]),
      ).execute();

      await db.schema
        .createTable("experiment_variation_totals")
        .addColumn("experiment_id", "text", (c) =>
          c.notNull().references("experiments.id").onDelete("cascade"),
        )
        .addColumn("variation", "text", (c) => c.notNull())
        .addColumn("exposed", "integer", (c) => c.notNull())
        .addPrimaryKeyConstraint("experiment_variation_totals_pk", ["experiment_id", "variation"])
        .execute();

      await db.schema
        .createTable("experiment_metric_totals")
        .addColumn("experiment_id", "text", (c) =>
          c.notNull().references("experiments.id").onDelete("cascade"),
        )
        .addColumn("variation", "text", (c) => c.notNull())
        .addColumn("event_key", "text", (c) => c.notNull())
        .addColumn("converting", "integer", (c) => c.notNull())
        .addColumn("value_sum", "double precision", (c) => c.notNull())
        .addColumn("value_sum_squares", "double precision", (c) => c.notNull())
        .addPrimaryKeyConstraint("experiment_metric_totals_pk", [
          "experiment_id",
          "variation",
          "event_key",
        ])
        .execute();

      await db.schema
        .createTable("experiment_health")
        .addColumn("experiment_id", "text", (c) =>
          c.primaryKey().references("experiments.id").onDelete("cascade"),
        )
        .addColumn("excluded_contexts", "integer", (c) => c.notNull())
        .addColumn("conversions_before_exposure", "integer", (c) => c.notNull())
        .execute();

      // Conversions that some experiment could not count yet (no exposure of that context, or
      // one that came later): kept per context so a late exposure can count them.
      await db.schema
        .createTable("pending_conversions")
        .addColumn("id", idType, (c) =>
          dialect === "postgres"
            ? c.generatedByDefaultAsIdentity().primaryKey()
            : c.autoIncrement().primaryKey(),
        )
        .addColumn("environment_id", "text", (c) =>
          c.notNull().references("environments.id").onDelete("cascade"),
        )
        .addColumn("context_key", "text", (c) => c.notNull())
        .addColumn("event_key", "text", (c) => c.notNull())
        .addColumn("ts", "bigint", (c) => c.notNull())
        .addColumn("value", "double precision")
        .execute();
      await db.schema
        .createIndex("pending_conversions_context")
        .on("pending_conversions")
        .columns(["environment_id", "context_key"])
        .execute();
      // Pending conversions expire (experiments/ingestion.ts): deleted by time.
      await db.schema
        .createIndex("pending_conversions_time")
        .on("pending_conversions")
        .columns(["environment_id", "ts"])
        .execute();
    },

    async down(db: Kysely<unknown>) {
      await db.schema
        .createIndex("events_environment_experiment")
        .on("events")
        .columns(["environment_id", "experiment_key", "id"])
        .execute();
      for (const table of [
        "pending_conversions",
        "experiment_health",
        "experiment_metric_totals",
        "experiment_variation_totals",
        "experiment_context_metrics",
        "experiment_contexts",
      ]) {
        await db.schema.dropTable(table).ifExists().execute();
      }
      for (const column of [
        "forced_changes",
        "split",
        "secondary_metrics",
        "primary_metric",
        "rule_id",
        "control_variation",
      ]) {
        await db.schema.alterTable("experiments").dropColumn(column).execute();
      }
    },
  };
}
