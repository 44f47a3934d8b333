/**
 * While an experiment runs, its flag's variations and its split must stay as they were: a change
 * would pour contexts assigned under two configurations into one result. Such a change is refused
 * (409) unless the caller forces it; a forced change is audited against the experiment, replaces
 * the split that the sample-ratio check uses, and is counted in the results' health.
 */
import { toJson } from "../db/json.js";
import {
  type ExperimentWithNames,
  findExperiment,
  findRunningExperimentForFlag,
  updateExperiment,
} from "../db/repositories/experiments.js";
import type { EnvironmentRow, FlagRow, ProjectRow } from "../db/schema.js";
import type { FlagSettings } from "../domain/flag-model.js";
import { presentExperiment } from "../domain/presenters.js";
import type { WriteUnit } from "../domain/write-unit.js";
import { problems } from "../http/problem.js";
import { experimentChanges, splitOf } from "./definition.js";

export async function guardRunningExperiment(
  unit: WriteUnit,
  scope: { project: ProjectRow; environment: EnvironmentRow; flag: FlagRow },
  before: FlagSettings,
  after: FlagSettings,
  force: boolean,
): Promise<void> {
  if (!before.experiment?.running) return;
  const running = await findRunningExperimentForFlag(unit.tx, scope.flag.id, scope.environment.id);
  if (!running) return;
  const changes = experimentChanges(before, after, running.rule_id);
  if (changes.length === 0) return;
  const what = changes.join(" and ");
  if (!force) {
    throw problems.conflict(
      `flag "${scope.flag.key}" serves running experiment "${running.key}" in "${scope.environment.key}": changing its ${what} would mix two configurations in one result. Stop the experiment first, or repeat the request with ?force=true`,
      [
        {
          field: "force",
          pointer: "/force",
          in: "query",
          message: `the ${what} of a running experiment change only with force=true`,
        },
      ],
    );
  }
  const experiment = (await findExperiment(unit.tx, scope.project.id, running.key)) as
    | ExperimentWithNames
    | undefined;
  if (!experiment) return;
  const split = splitOf(after, experiment.rule_id);
  const updated: ExperimentWithNames = {
    ...experiment,
    split: split ? toJson(split) : null,
    forced_changes: experiment.forced_changes + 1,
    version: experiment.version + 1,
    updated_at: unit.now,
  };
  await updateExperiment(unit.tx, experiment.id, {
    split: updated.split,
    forced_changes: updated.forced_changes,
    version: updated.version,
    updated_at: updated.updated_at,
  });
  await unit.audit({
    action: "experiment.forced-change",
    resourceType: "experiment",
    resourceKey: experiment.key,
    projectKey: scope.project.key,
    environmentKey: scope.environment.key,
    flagKey: scope.flag.key,
    before: {
      ...presentExperiment(experiment),
      changed: changes,
      variations: before.variations.map(({ key, value }) => ({ key, value })),
    },
    after: {
      ...presentExperiment(updated),
      changed: changes,
      variations: after.variations.map(({ key, value }) => ({ key, value })),
    },
  });
}
