/**
 * The tables, as Kysely sees them. The same columns exist on SQLite and PostgreSQL: booleans are
 * integers (0/1), JSON is text, times are ISO-8601 UTC text (lexically ordered), so one set of
 * queries serves both dialects.
 */
import type { Generated, Insertable, Selectable } from "kysely";

export interface ProjectsTable {
  id: string;
  key: string;
  name: string;
  description: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface EnvironmentsTable {
  id: string;
  project_id: string;
  key: string;
  name: string;
  /** Display order in lists. */
  position: number;
  /** Raised by every change to a flag or segment of this environment: the document's version. */
  document_version: number;
  /** The environment resource's own version (name changes), for If-Match. */
  version: number;
  created_at: string;
  updated_at: string;
}

export interface FlagsTable {
  id: string;
  project_id: string;
  key: string;
  name: string;
  description: string;
  /** JSON array of strings. */
  tags: string;
  client_side: number;
  archived: number;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface FlagConfigsTable {
  id: string;
  flag_id: string;
  environment_id: string;
  version: number;
  enabled: number;
  /** JSON: the document's Flag minus key, version, enabled and clientSide. */
  config: string;
  updated_at: string;
}

export interface FlagVersionsTable {
  flag_id: string;
  environment_id: string;
  version: number;
  /** JSON: the whole Flag object of the document at that version. */
  flag: string;
  actor_id: string;
  created_at: string;
}

export interface SegmentsTable {
  id: string;
  environment_id: string;
  key: string;
  name: string;
  description: string;
  version: number;
  included: string;
  excluded: string;
  rules: string;
  created_at: string;
  updated_at: string;
}

export interface ExperimentsTable {
  id: string;
  project_id: string;
  environment_id: string;
  flag_id: string;
  key: string;
  name: string;
  hypothesis: string;
  status: string;
  started_at: string | null;
  stopped_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
  /** The control variation's key; `null` until set (then the flag's first variation). */
  control_variation: string | null;
  /** The rule whose rollout splits traffic; `null` = the fallthrough. */
  rule_id: string | null;
  /** JSON `{ eventKey, kind }`; `null` until set (required to start). */
  primary_metric: string | null;
  /** JSON array of `{ eventKey, kind }`. */
  secondary_metrics: string;
  /** JSON `{ variations: [key], weights: [int], bucketBy? }`: the split when it started. */
  split: string | null;
  /** Changes of variations or split forced through while running. */
  forced_changes: number;
}

export interface ApiKeysTable {
  /** The public part of the key, also written in the key itself (`fs_<kind>_<id>_<secret>`). */
  id: string;
  kind: string;
  name: string;
  role: string | null;
  project_id: string | null;
  environment_id: string | null;
  /** SHA-256 (hex) of the whole key. */
  secret_hash: string;
  created_by: string;
  created_at: string;
  revoked_at: string | null;
  expires_at: string | null;
}

export interface AuditEntriesTable {
  id: Generated<number>;
  created_at: string;
  actor_id: string;
  actor_name: string;
  action: string;
  resource_type: string;
  resource_key: string;
  project_key: string | null;
  environment_key: string | null;
  flag_key: string | null;
  before: string | null;
  after: string | null;
  comment: string | null;
  request_id: string;
}

export interface IdempotencyRecordsTable {
  actor_id: string;
  key: string;
  fingerprint: string;
  status: number;
  body: string;
  created_at: string;
}

export interface EventBatchesTable {
  environment_id: string;
  batch_id: string;
  event_count: number;
  received_at: string;
}

export interface EventsTable {
  id: Generated<number>;
  environment_id: string;
  batch_id: string | null;
  kind: string;
  context_key: string;
  flag_key: string | null;
  flag_version: number | null;
  variation: string | null;
  experiment_key: string | null;
  event_key: string | null;
  value: number | null;
  /** When the SDK saw it, epoch milliseconds. */
  ts: number;
  received_at: string;
  sdk_name: string;
  sdk_version: string;
}

/** A context's place in an experiment: the variation of its first exposure, and when. */
export interface ExperimentContextsTable {
  experiment_id: string;
  context_key: string;
  variation: string;
  /** Epoch milliseconds of the first exposure. */
  first_ts: number;
  /** 1 once the context was exposed to two variations: it counts nowhere. */
  excluded: number;
  /** Conversions after the start that came before the first exposure (health). */
  before_exposure: number;
}

/** A context's conversions counted for one event key. */
export interface ExperimentContextMetricsTable {
  experiment_id: string;
  context_key: string;
  event_key: string;
  conversions: number;
  value_sum: number;
}

export interface ExperimentVariationTotalsTable {
  experiment_id: string;
  variation: string;
  exposed: number;
}

/** Per variation and event key: converting contexts, and the sums of per-context values. */
export interface ExperimentMetricTotalsTable {
  experiment_id: string;
  variation: string;
  event_key: string;
  converting: number;
  value_sum: number;
  value_sum_squares: number;
}

export interface ExperimentHealthTable {
  experiment_id: string;
  excluded_contexts: number;
  conversions_before_exposure: number;
}

/** Conversions some experiment could not count yet, by context (see experiments/attribution.ts). */
export interface PendingConversionsTable {
  id: Generated<number>;
  environment_id: string;
  context_key: string;
  event_key: string;
  ts: number;
  value: number | null;
}

export interface Database {
  projects: ProjectsTable;
  environments: EnvironmentsTable;
  flags: FlagsTable;
  flag_configs: FlagConfigsTable;
  flag_versions: FlagVersionsTable;
  segments: SegmentsTable;
  experiments: ExperimentsTable;
  api_keys: ApiKeysTable;
  audit_entries: AuditEntriesTable;
  idempotency_records: IdempotencyRecordsTable;
  event_batches: EventBatchesTable;
  events: EventsTable;
  experiment_contexts: ExperimentContextsTable;
  experiment_context_metrics: ExperimentContextMetricsTable;
  experiment_variation_totals: ExperimentVariationTotalsTable;
  experiment_metric_totals: ExperimentMetricTotalsTable;
  experiment_health: ExperimentHealthTable;
  pending_conversions: PendingConversionsTable;
}

export type ProjectRow = Selectable<ProjectsTable>;
export type EnvironmentRow = Selectable<EnvironmentsTable>;
export type FlagRow = Selectable<FlagsTable>;
export type FlagConfigRow = Selectable<FlagConfigsTable>;
export type SegmentRow = Selectable<SegmentsTable>;
export type ExperimentRow = Selectable<ExperimentsTable>;
export type ApiKeyRow = Selectable<ApiKeysTable>;
export type AuditEntryRow = Selectable<AuditEntriesTable>;
export type NewAuditEntry = Insertable<AuditEntriesTable>;
export type NewEvent = Insertable<EventsTable>;
