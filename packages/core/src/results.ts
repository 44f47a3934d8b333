import type { ErrorKind, EvaluationReason, EvaluationResult, JsonValue } from "./types.js";

/** A served variation. Compiled flags build these once and share them (frozen) between calls. */
export function servedResult(
  value: JsonValue,
  variationIndex: number,
  variationKey: string,
  reason: EvaluationReason,
): EvaluationResult {
  return Object.freeze({ value, variationIndex, variationKey, reason: Object.freeze(reason) });
}

/** The caller's default, served because of an error. */
export function errorResult<T>(errorKind: ErrorKind, defaultValue: T): EvaluationResult<T> {
  return {
    value: defaultValue,
    variationIndex: null,
    variationKey: null,
    reason: { kind: "ERROR", errorKind },
  };
}
