/** The flag document (schema version 1) and evaluation results, as docs/evaluation.md defines them. */

export type JsonValue =
  | null
  | boolean
  | number
  | string
  | JsonValue[]
  | { [key: string]: JsonValue };

export interface Variation {
  key: string;
  value: JsonValue;
}

export interface Rollout {
  /** Context attribute that picks the bucket; defaults to "key". */
  bucketBy?: string;
  /** One weight per variation, integers in units of 0.001 %, summing to 100000. */
  weights: number[];
}

export type Serve = { variation: number } | { rollout: Rollout };

export const OPERATORS = [
  "in",
  "startsWith",
  "endsWith",
  "contains",
  "matches",
  "lt",
  "lte",
  "gt",
  "gte",
  "semverEq",
  "semverLt",
  "semverGt",
  "before",
  "after",
  "exists",
  "inSegment",
] as const;

export type Operator = (typeof OPERATORS)[number];

export interface Clause {
  attribute: string;
  op: Operator;
  values: JsonValue[];
  negate?: boolean;
}

export interface Rule {
  id: string;
  clauses: Clause[];
  serve: Serve;
}

export interface Target {
  variation: number;
  values: string[];
}

export interface Prerequisite {
  flag: string;
  /** Key of the variation the prerequisite flag must serve. */
  variation: string;
}

export interface Experiment {
  key: string;
  running: boolean;
}

export interface Flag {
  key: string;
  version: number;
  enabled: boolean;
  variations: Variation[];
  offVariation: number;
  prerequisites?: Prerequisite[];
  targets?: Target[];
  rules?: Rule[];
  fallthrough: Serve;
  salt?: string;
  experiment?: Experiment;
  clientSide?: boolean;
}

export interface SegmentRule {
  clauses: Clause[];
}

export interface Segment {
  key: string;
  version: number;
  included?: string[];
  excluded?: string[];
  rules?: SegmentRule[];
}

export interface FlagDocument {
  schemaVersion: 1;
  environment: string;
  version: number;
  flags: Record<string, Flag>;
  segments: Record<string, Segment>;
}

/** Who a flag is evaluated for: a key plus any attributes rules may test. */
export interface EvaluationContext {
  key?: string;
  [attribute: string]: unknown;
}

export type ReasonKind =
  | "OFF"
  | "TARGET_MATCH"
  | "RULE_MATCH"
  | "FALLTHROUGH"
  | "PREREQUISITE_FAILED"
  | "ERROR";

/** `CLIENT_NOT_READY` is never produced by the core; SDKs use it before any document arrived. */
export type ErrorKind = "FLAG_NOT_FOUND" | "WRONG_TYPE" | "MALFORMED_FLAG" | "CLIENT_NOT_READY";

export interface EvaluationReason {
  kind: ReasonKind;
  ruleId?: string;
  errorKind?: ErrorKind;
  prerequisiteKey?: string;
  /** Present, and `true`, only when the variation came from a running experiment's rollout. */
  inExperiment?: true;
}

export interface EvaluationResult<T = JsonValue> {
  value: T;
  variationIndex: number | null;
  variationKey: string | null;
  reason: EvaluationReason;
}

export interface ValidationError {
  /** JSON Pointer to the offending value, e.g. `/flags/new-checkout/rules/2/clauses/0/op`. */
  path: string;
  message: string;
}

export type ValidationResult =
  | { ok: true; document: FlagDocument }
  | { ok: false; errors: ValidationError[] };
