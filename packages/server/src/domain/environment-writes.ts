/** Creating an environment: its row, a configuration for every existing flag, its audit entry. */
import { newId } from "../clock.js";
import { insertEnvironment } from "../db/repositories/environments.js";
import { insertFlagConfig, insertFlagVersion } from "../db/repositories/flags.js";
import type { EnvironmentRow, ProjectRow } from "../db/schema.js";
import {
  BOOLEAN_VARIATIONS,
  documentFlag,
  initialSettings,
  settingsOf,
  storedColumns,
} from "./flag-model.js";
import { presentEnvironment } from "./presenters.js";
import type { WriteUnit } from "./write-unit.js";

export const DEFAULT_ENVIRONMENTS = [
  { key: "development", name: "Development" },
  { key: "staging", name: "Staging" },
  { key: "production", name: "Production" },
];

export async function createEnvironment(
  unit: WriteUnit,
  project: ProjectRow,
  input: { key: string; name: string; position: number },
): Promise<EnvironmentRow> {
  const row: EnvironmentRow = {
    id: newId("env"),
    project_id: project.id,
    key: input.key,
    name: input.name,
    position: input.position,
    document_version: 0,
    version: 1,
    created_at: unit.now,
    updated_at: unit.now,
  };
  await insertEnvironment(unit.tx, row);
  const version = await unit.lockEnvironment(row);
  const created = { ...row, document_version: version };
  await addExistingFlags(unit, project, created, version);
  await unit.audit({
    action: "environment.create",
    resourceType: "environment",
    resourceKey: row.key,
    projectKey: project.key,
    environmentKey: row.key,
    before: null,
    after: presentEnvironment(created),
  });
  return created;
}

/**
 * Flags exist project-wide, so a new environment gets every one of them: off, with the
 * variations the flag has in another environment (the flag means the same thing everywhere).
 */
async function addExistingFlags(
  unit: WriteUnit,
  project: ProjectRow,
  environment: EnvironmentRow,
  version: number,
): Promise<void> {
  const flags = await unit.tx
    .selectFrom("flags")
    .selectAll()
    .where("project_id", "=", project.id)
    .orderBy("key")
    .execute();
  for (const flag of flags) {
    const template = await unit.tx
      .selectFrom("flag_configs")
      .select(["enabled", "config"])
      .where("flag_id", "=", flag.id)
      .where("environment_id", "!=", environment.id)
      .orderBy("environment_id")
      .executeTakeFirst();
    const templateSettings = template ? settingsOf(template) : undefined;
    const settings = initialSettings(
      templateSettings?.variations ?? BOOLEAN_VARIATIONS,
      templateSettings?.offVariation,
    );
    await insertFlagConfig(unit.tx, {
      id: newId("cfg"),
      flag_id: flag.id,
      environment_id: environment.id,
      version,
      ...storedColumns(settings),
      updated_at: unit.now,
    });
    const documentForm = documentFlag(flag.key, version, flag.client_side === 1, settings);
    await insertFlagVersion(unit.tx, {
      flag_id: flag.id,
      environment_id: environment.id,
      version,
      flag: JSON.stringify(documentForm),
      actor_id: unit.meta.actor.id,
      created_at: unit.now,
    });
    if (flag.archived === 0)
      unit.changed(environment.id, { kind: "flag", key: flag.key, data: documentForm });
  }
}
