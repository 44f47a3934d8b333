/**
 * @flagswitch/core — the FlagSwitch rules engine. Pure functions over plain data: no I/O, no
 * timers, no globals, no dependencies. See docs/evaluation.md for the rules it implements.
 */
export { bucket } from "./bucket.js";
export { evaluate, evaluateAll } from "./evaluate.js";
export type { DocumentDeletion, DocumentPatch, PatchKind, PatchResult } from "./patch.js";
export { applyDelete, applyPatch } from "./patch.js";
export type {
  Clause,
  ErrorKind,
  EvaluationContext,
  EvaluationReason,
  EvaluationResult,
  Experiment,
  Flag,
  FlagDocument,
  JsonValue,
  Operator,
  Prerequisite,
  ReasonKind,
  Rollout,
  Rule,
  Segment,
  SegmentRule,
  Serve,
  Target,
  ValidationError,
  ValidationResult,
  Variation,
} from "./types.js";
export { OPERATORS } from "./types.js";
export { validateDocument } from "./validate.js";
export { xxh32 } from "./xxh32.js";
