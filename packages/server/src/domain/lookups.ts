/** Finds a resource by its key in the path, or answers 404 naming what was missing. */
import type { Kysely } from "kysely";
import { findEnvironment } from "../db/repositories/environments.js";
import { findExperiment } from "../db/repositories/experiments.js";
import { findFlag, findFlagConfig } from "../db/repositories/flags.js";
import { findProjectByKey } from "../db/repositories/projects.js";
import { findSegment } from "../db/repositories/segments.js";
import type {
  Database,
  EnvironmentRow,
  FlagConfigRow,
  FlagRow,
  ProjectRow,
  SegmentRow,
} from "../db/schema.js";
import { problems } from "../http/problem.js";

export async function requireProject(db: Kysely<Database>, key: string): Promise<ProjectRow> {
  const project = await findProjectByKey(db, key);
  if (!project) throw problems.notFound(`project "${key}" does not exist`);
  return project;
}

export async function requireEnvironment(
  db: Kysely<Database>,
  project: ProjectRow,
  key: string,
): Promise<EnvironmentRow> {
  const environment = await findEnvironment(db, project.id, key);
  if (!environment)
    throw problems.notFound(`environment "${key}" does not exist in project "${project.key}"`);
  return environment;
}

export async function requireFlag(
  db: Kysely<Database>,
  project: ProjectRow,
  key: string,
): Promise<FlagRow> {
  const flag = await findFlag(db, project.id, key);
  if (!flag) throw problems.notFound(`flag "${key}" does not exist in project "${project.key}"`);
  return flag;
}

export async function requireFlagConfig(
  db: Kysely<Database>,
  flag: FlagRow,
  environment: EnvironmentRow,
): Promise<FlagConfigRow> {
  const config = await findFlagConfig(db, flag.id, environment.id);
  if (!config) {
    throw problems.notFound(
      `flag "${flag.key}" has no configuration in environment "${environment.key}"`,
    );
  }
  return config;
}

export async function requireSegment(
  db: Kysely<Database>,
  environment: EnvironmentRow,
  key: string,
): Promise<SegmentRow> {
  const segment = await findSegment(db, environment.id, key);
  if (!segment)
    throw problems.notFound(`segment "${key}" does not exist in environment "${environment.key}"`);
  return segment;
}

export async function requireExperiment(db: Kysely<Database>, project: ProjectRow, key: string) {
  const experiment = await findExperiment(db, project.id, key);
  if (!experiment)
    throw problems.notFound(`experiment "${key}" does not exist in project "${project.key}"`);
  return experiment;
}

/** Path context of most flag routes: the project, the environment and the flag. */
export async function requireFlagInEnvironment(
  db: Kysely<Database>,
  keys: { project: string; environment: string; flag: string },
) {
  const project = await requireProject(db, keys.project);
  const environment = await requireEnvironment(db, project, keys.environment);
  const flag = await requireFlag(db, project, keys.flag);
  return { project, environment, flag };
}
