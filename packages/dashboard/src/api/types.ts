/**
 * The admin API's resources as the server presents them (packages/server/src/schemas/resources.ts
 * and the results shape of experiments). Flag configuration pieces reuse @flagswitch/core's types:
 * they are the flag document's own.
 */
import type {
  Clause,
  Flag as DocumentFlag,
  FlagDocument,
  JsonValue,
  Prerequisite,
  Rule,
  SegmentRule,
  Serve,
  Target,
} from "@flagswitch/core";

export type {
  Clause,
  DocumentFlag,
  FlagDocument,
  JsonValue,
  Prerequisite,
  Rule,
  SegmentRule,
  Serve,
  Target,
};

export interface Page<T> {
  items: T[];
  /** Pass as `cursor` for the next page; `null` on the last page. */
  nextCursor: string | null;
}

export interface Environment {
  key: string;
  name: string;
  position: number;
  /** Raised by every change to a flag or segment there: the SDK document's version. */
  documentVersion: number;
  /** An explicit production marker, if the server has one (else the key decides: lib/environments.ts). */
  production?: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface Project {
  key: string;
  name: string;
  description: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  environments?: Environment[];
}

export interface FlagEnvironmentState {
  enabled: boolean;
  version: number;
  /** When the flag's configuration there last changed (servers before it omit this). */
  updatedAt?: string;
}

/** A flag's project-wide metadata with its on/off state in each environment. */
export interface FlagSummary {
  key: string;
  name: string;
  description: string;
  tags: string[];
  clientSide: boolean;
  archived: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
  environments: Record<string, FlagEnvironmentState>;
  /** When an SDK last evaluated it, if the server tracks that. */
  lastEvaluatedAt?: string | null;
}

/** Variations may carry a display name and description (SDKs ignore them). */
export interface ConfigVariation {
  key: string;
  value: JsonValue;
  name?: string;
  description?: string;
}

/** A rule may carry a description for people. */
export interface ConfigRule extends Rule {
  description?: string;
}

/** The part of a flag's configuration a person edits in one environment. */
export interface FlagSettings {
  enabled: boolean;
  variations: ConfigVariation[];
  offVariation: number;
  prerequisites: Prerequisite[];
  targets: Target[];
  rules: ConfigRule[];
  fallthrough: Serve;
  salt: string | null;
}

export interface FlagConfig extends FlagSettings {
  flag: string;
  environment: string;
  /** The configuration's version: send it back as If-Match. */
  version: number;
  clientSide: boolean;
  archived: boolean;
  experiment: { key: string; running: boolean } | null;
  updatedAt: string;
}

export interface FlagVersion {
  version: number;
  createdAt: string;
  actorId: string;
  flag: DocumentFlag;
}

export interface Segment {
  key: string;
  environment: string;
  name: string;
  description: string;
  version: number;
  included: string[];
  excluded: string[];
  rules: SegmentRule[];
  createdAt: string;
  updatedAt: string;
}

export type ExperimentStatus = "draft" | "running" | "stopped";
export type MetricKind = "binomial" | "value";

export interface Metric {
  /** The conversion event key SDKs `track()`. */
  eventKey: string;
  kind: MetricKind;
}

export interface Experiment {
  key: string;
  name: string;
  hypothesis: string;
  flag: string;
  environment: string;
  status: ExperimentStatus;
  controlVariation?: string;
  primaryMetric?: Metric;
  secondaryMetrics?: Metric[];
  startedAt: string | null;
  stoppedAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export type ApiKeyKind = "admin" | "server" | "client";
export type Role = "reader" | "writer" | "admin";

export interface ApiKey {
  id: string;
  kind: ApiKeyKind;
  name: string;
  role: Role | null;
  project: string | null;
  environment: string | null;
  createdAt: string;
  createdBy: string;
  revokedAt: string | null;
  expiresAt: string | null;
}

export interface CreatedApiKey extends ApiKey {
  /** The key itself: shown once, only its hash is stored. */
  secret: string;
}

export interface AuditEntry {
  id: number;
  createdAt: string;
  actor: { id: string; name: string };
  action: string;
  resource: { type: string; key: string };
  project: string | null;
  environment: string | null;
  flag: string | null;
  before: unknown;
  after: unknown;
  comment: string | null;
  requestId: string;
}
