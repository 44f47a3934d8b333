/**
 * The values `POST /sdk/v1/evaluate` answers: one result per client-side flag for one context,
 * with what an exposure event needs. No rules, targets or segment lists ever arrive here.
 */
import type { EvaluationReason, JsonValue } from "@flagswitch/core";

export interface EvaluatedFlag {
  value: JsonValue;
  variationIndex: number | null;
  variationKey: string | null;
  reason: EvaluationReason;
  /** The flag's version, for exposure events. */
  version: number;
  inExperiment?: true;
  experimentKey?: string;
}

export type EvaluatedFlags = Record<string, EvaluatedFlag>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isEvaluatedFlag(value: unknown): value is EvaluatedFlag {
  return (
    isRecord(value) &&
    "value" in value &&
    isRecord(value.reason) &&
    typeof value.reason.kind === "string" &&
    typeof value.version === "number" &&
    (value.variationKey === null || typeof value.variationKey === "string")
  );
}

/** The `flags` of an evaluate answer, or a description of what is wrong with it. */
export function parseEvaluatedFlags(body: unknown): EvaluatedFlags | string {
  if (!isRecord(body) || !isRecord(body.flags)) return "the answer has no `flags` object";
  for (const [key, flag] of Object.entries(body.flags)) {
    if (!isEvaluatedFlag(flag)) return `flags.${key} is not an evaluation result`;
  }
  return body.flags as EvaluatedFlags;
}

/** Keys whose value or variation differs between two sets (added and removed flags included). */
export function changedFlagKeys(before: EvaluatedFlags, after: EvaluatedFlags): string[] {
  const changed: string[] = [];
  for (const key of Object.keys(after)) {
    const old = before[key];
    const now = after[key] as EvaluatedFlag;
    if (!old || old.variationKey !== now.variationKey || !jsonEqual(old.value, now.value))
      changed.push(key);
  }
  for (const key of Object.keys(before)) if (!(key in after)) changed.push(key);
  return changed;
}

export function jsonEqual(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const aKeys = Object.keys(a);
  if (aKeys.length !== Object.keys(b).length) return false;
  return aKeys.every((key) =>
    jsonEqual(
      (a as Record<string, JsonValue>)[key] as JsonValue,
      (b as Record<string, JsonValue>)[key] as JsonValue,
    ),
  );
}
