/** Rows → the JSON the admin API answers with (camelCase, parsed JSON, booleans). */
import type { Flag } from "@flagswitch/core";
import { fromJson, fromJsonOrNull } from "../db/json.js";
import type { ApiKeyWithScope } from "../db/repositories/api-keys.js";
import type { ExperimentWithNames } from "../db/repositories/experiments.js";
import type {
  AuditEntryRow,
  EnvironmentRow,
  FlagConfigRow,
  FlagRow,
  ProjectRow,
  SegmentRow,
} from "../db/schema.js";
import { definitionOf } from "../experiments/definition.js";
import { settingsOf } from "./flag-model.js";
import { documentSegment } from "./segment-model.js";

export function presentProject(row: ProjectRow, environments?: EnvironmentRow[]) {
  return {
    key: row.key,
    name: row.name,
    description: row.description,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...(environments ? { environments: environments.map(presentEnvironment) } : {}),
  };
}

export function presentEnvironment(row: EnvironmentRow) {
  return {
    key: row.key,
    name: row.name,
    position: row.position,
    documentVersion: row.document_version,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function presentFlag(
  row: FlagRow,
  configs: FlagConfigRow[] = [],
  environments: EnvironmentRow[] = [],
) {
  const summary: Record<string, { enabled: boolean; version: number; updatedAt: string }> = {};
  for (const environment of environments) {
    const config = configs.find(
      (candidate) => candidate.flag_id === row.id && candidate.environment_id === environment.id,
    );
    if (config)
      summary[environment.key] = {
        enabled: config.enabled === 1,
        version: config.version,
        updatedAt: config.updated_at,
      };
  }
  return {
    key: row.key,
    name: row.name,
    description: row.description,
    tags: fromJson<string[]>(row.tags),
    clientSide: row.client_side === 1,
    archived: row.archived === 1,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    environments: summary,
  };
}

export function presentFlagConfig(
  flag: FlagRow,
  environment: EnvironmentRow,
  config: FlagConfigRow,
) {
  const settings = settingsOf(config);
  return {
    flag: flag.key,
    environment: environment.key,
    version: config.version,
    clientSide: flag.client_side === 1,
    archived: flag.archived === 1,
    ...settings,
    salt: settings.salt ?? null,
    experiment: settings.experiment ?? null,
    updatedAt: config.updated_at,
  };
}

export function presentFlagVersion(row: {
  version: number;
  flag: string;
  actor_id: string;
  created_at: string;
}) {
  return {
    version: row.version,
    createdAt: row.created_at,
    actorId: row.actor_id,
    flag: fromJson<Flag>(row.flag),
  };
}

export function presentSegment(row: SegmentRow, environment: EnvironmentRow) {
  const segment = documentSegment(row);
  return {
    key: row.key,
    environment: environment.key,
    name: row.name,
    description: row.description,
    version: row.version,
    included: segment.included ?? [],
    excluded: segment.excluded ?? [],
    rules: segment.rules ?? [],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function presentExperiment(row: ExperimentWithNames) {
  const definition = definitionOf(row);
  return {
    key: row.key,
    name: row.name,
    hypothesis: row.hypothesis,
    flag: row.flag_key,
    environment: row.environment_key,
    status: row.status as "draft" | "running" | "stopped",
    controlVariation: definition.control,
    rule: definition.rule,
    primaryMetric: definition.primaryMetric,
    secondaryMetrics: definition.secondaryMetrics,
    split: definition.split,
    forcedChanges: row.forced_changes,
    startedAt: row.started_at,
    stoppedAt: row.stopped_at,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function presentApiKey(row: ApiKeyWithScope) {
  return {
    id: row.id,
    kind: row.kind as "admin" | "server" | "client",
    name: row.name,
    role: row.role,
    project: row.project_key,
    environment: row.environment_key,
    createdAt: row.created_at,
    createdBy: row.created_by,
    revokedAt: row.revoked_at,
    expiresAt: row.expires_at,
  };
}

export function presentAuditEntry(row: AuditEntryRow) {
  return {
    id: Number(row.id),
    createdAt: row.created_at,
    actor: { id: row.actor_id, name: row.actor_name },
    action: row.action,
    resource: { type: row.resource_type, key: row.resource_key },
    project: row.project_key,
    environment: row.environment_key,
    flag: row.flag_key,
    before: fromJsonOrNull<unknown>(row.before),
    after: fromJsonOrNull<unknown>(row.after),
    comment: row.comment,
    requestId: row.request_id,
  };
}
