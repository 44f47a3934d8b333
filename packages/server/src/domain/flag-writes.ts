/**
 * The two shapes of flag write:
 *  - `changeFlagSettings`: one environment's configuration (patch, toggle, rollout, targets,
 *    copy, rollback, experiments) — lock, read, check If-Match, change, guard a running
 *    experiment's variations and split, version, audit;
 *  - `republishFlag`: a project-wide change (client-side availability, archive) that gives the
 *    flag a new version in every environment.
 */
import { toJson } from "../db/json.js";
import { listEnvironments } from "../db/repositories/environments.js";
import {
  findFlag,
  insertFlagVersion,
  listFlagConfigs,
  updateFlagConfig,
} from "../db/repositories/flags.js";
import type { EnvironmentRow, FlagConfigRow, FlagRow, ProjectRow } from "../db/schema.js";
import { guardRunningExperiment } from "../experiments/experiment-guard.js";
import { assertVersionMatches, type IfMatch } from "../http/preconditions.js";
import { problems } from "../http/problem.js";
import { documentFlag, type FlagSettings, settingsOf, storedColumns } from "./flag-model.js";
import { requireEnvironment, requireFlag, requireFlagConfig, requireProject } from "./lookups.js";
import { presentFlagConfig } from "./presenters.js";
import type { WriteUnit } from "./write-unit.js";

export interface FlagScope {
  project: ProjectRow;
  environment: EnvironmentRow;
  flag: FlagRow;
  config: FlagConfigRow;
}

export type FlagConfigView = ReturnType<typeof presentFlagConfig>;

export async function changeFlagSettings(
  unit: WriteUnit,
  keys: { project: string; environment: string; flag: string },
  options: {
    ifMatch: IfMatch;
    action: string;
    /** Let a change of a running experiment's variations or split through (audited). */
    force?: boolean | undefined;
  },
  change: (current: FlagSettings, scope: FlagScope) => FlagSettings | Promise<FlagSettings>,
): Promise<FlagConfigView> {
  const project = await requireProject(unit.tx, keys.project);
  const environment = await requireEnvironment(unit.tx, project, keys.environment);
  const version = await unit.lockEnvironment(environment);
  // Read after taking the lock: this is the state the change applies to.
  const flag = await requireFlag(unit.tx, project, keys.flag);
  const config = await requireFlagConfig(unit.tx, flag, environment);
  assertVersionMatches(
    options.ifMatch,
    config.version,
    `flag "${flag.key}" in "${environment.key}"`,
  );
  const before = settingsOf(config);
  const after = await change(before, { project, environment, flag, config });
  await guardRunningExperiment(
    unit,
    { project, environment, flag },
    before,
    after,
    options.force === true,
  );
  const saved = await saveSettings(unit, { project, environment, flag, config }, after, version);
  await unit.audit({
    action: options.action,
    resourceType: "flag",
    resourceKey: flag.key,
    projectKey: project.key,
    environmentKey: environment.key,
    flagKey: flag.key,
    before: documentFlag(flag.key, config.version, flag.client_side === 1, before),
    after: documentFlag(flag.key, version, flag.client_side === 1, after),
  });
  return presentFlagConfig(flag, environment, saved);
}

/** Writes new settings as a new version: the row, the kept version, the stream change. */
export async function saveSettings(
  unit: WriteUnit,
  scope: FlagScope,
  settings: FlagSettings,
  version: number,
): Promise<FlagConfigRow> {
  const columns = storedColumns(settings);
  const saved: FlagConfigRow = { ...scope.config, ...columns, version, updated_at: unit.now };
  await updateFlagConfig(unit.tx, scope.config.id, {
    version,
    enabled: columns.enabled,
    config: columns.config,
    updated_at: unit.now,
  });
  await recordVersion(unit, scope.flag, scope.environment, settings, version);
  return saved;
}

export async function recordVersion(
  unit: WriteUnit,
  flag: FlagRow,
  environment: EnvironmentRow,
  settings: FlagSettings,
  version: number,
): Promise<void> {
  const documentForm = documentFlag(flag.key, version, flag.client_side === 1, settings);
  await insertFlagVersion(unit.tx, {
    flag_id: flag.id,
    environment_id: environment.id,
    version,
    flag: toJson(documentForm),
    actor_id: unit.meta.actor.id,
    created_at: unit.now,
  });
  if (flag.archived === 1) {
    unit.changed(environment.id, { kind: "flag", key: flag.key, deleted: true, version });
  } else {
    unit.changed(environment.id, { kind: "flag", key: flag.key, data: documentForm });
  }
}

/**
 * Locks every environment of the project, re-reads the flag, lets `change` update its row, then
 * gives it a new version everywhere (archived flags leave the documents: a `delete` event).
 */
export async function republishFlag(
  unit: WriteUnit,
  project: ProjectRow,
  flagKey: string,
  change: (flag: FlagRow) => Promise<FlagRow>,
): Promise<{
  before: FlagRow;
  after: FlagRow;
  environments: EnvironmentRow[];
  configs: FlagConfigRow[];
}> {
  const environments = await listEnvironments(unit.tx, project.id);
  const versions = await unit.lockEnvironments(environments);
  const before = await findFlag(unit.tx, project.id, flagKey);
  if (!before)
    throw problems.notFound(`flag "${flagKey}" does not exist in project "${project.key}"`);
  const after = await change(before);
  const configs: FlagConfigRow[] = [];
  for (const config of await listFlagConfigs(unit.tx, [after.id])) {
    const environment = environments.find((candidate) => candidate.id === config.environment_id);
    const version = versions.get(config.environment_id);
    if (!environment || version === undefined) continue;
    configs.push(
      await saveSettings(
        unit,
        { project, environment, flag: after, config },
        settingsOf(config),
        version,
      ),
    );
  }
  return { before, after, environments, configs };
}
