/** Experiments: a flag's rollout in one environment, measured (definition and lifecycle; aggregates live in experiment-aggregates.ts). */
import type { Kysely } from "kysely";
import type { Database, ExperimentRow } from "../schema.js";

export interface ExperimentWithNames extends ExperimentRow {
  environment_key: string;
  flag_key: string;
}

function selectWithNames(db: Kysely<Database>) {
  return db
    .selectFrom("experiments")
    .innerJoin("environments", "environments.id", "experiments.environment_id")
    .innerJoin("flags", "flags.id", "experiments.flag_id")
    .selectAll("experiments")
    .select(["environments.key as environment_key", "flags.key as flag_key"]);
}

export function findExperiment(
  db: Kysely<Database>,
  projectId: string,
  key: string,
): Promise<ExperimentWithNames | undefined> {
  return selectWithNames(db)
    .where("experiments.project_id", "=", projectId)
    .where("experiments.key", "=", key)
    .executeTakeFirst();
}

export function listExperiments(
  db: Kysely<Database>,
  query: {
    projectId: string;
    limit: number;
    after?: string | undefined;
    environmentId?: string | undefined;
    flagId?: string | undefined;
    status?: string | undefined;
  },
): Promise<ExperimentWithNames[]> {
  let select = selectWithNames(db)
    .where("experiments.project_id", "=", query.projectId)
    .orderBy("experiments.key")
    .limit(query.limit + 1);
  if (query.after !== undefined) select = select.where("experiments.key", ">", query.after);
  if (query.environmentId !== undefined)
    select = select.where("experiments.environment_id", "=", query.environmentId);
  if (query.flagId !== undefined) select = select.where("experiments.flag_id", "=", query.flagId);
  if (query.status !== undefined) select = select.where("experiments.status", "=", query.status);
  return select.execute();
}

/** The experiment that currently owns a flag in an environment (not stopped), if any. */
export function findActiveExperimentForFlag(
  db: Kysely<Database>,
  flagId: string,
  environmentId: string,
): Promise<ExperimentRow | undefined> {
  return db
    .selectFrom("experiments")
    .selectAll()
    .where("flag_id", "=", flagId)
    .where("environment_id", "=", environmentId)
    .where("status", "!=", "stopped")
    .executeTakeFirst();
}

export async function insertExperiment(db: Kysely<Database>, row: ExperimentRow): Promise<void> {
  await db.insertInto("experiments").values(row).execute();
}

export async function updateExperiment(
  db: Kysely<Database>,
  id: string,
  changes: Partial<Omit<ExperimentRow, "id" | "project_id" | "environment_id" | "flag_id" | "key">>,
): Promise<void> {
  await db.updateTable("experiments").set(changes).where("id", "=", id).execute();
}

export async function deleteExperiment(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom("experiments").where("id", "=", id).execute();
}

/** The running experiment of a flag in an environment, if any. */
export function findRunningExperimentForFlag(
  db: Kysely<Database>,
  flagId: string,
  environmentId: string,
): Promise<ExperimentRow | undefined> {
  return db
    .selectFrom("experiments")
    .selectAll()
    .where("flag_id", "=", flagId)
    .where("environment_id", "=", environmentId)
    .where("status", "=", "running")
    .executeTakeFirst();
}
