/**
 * Flag evaluation, in the order docs/evaluation.md fixes: off, prerequisites, targets, rules,
 * fallthrough. Never throws: a malformed document yields the caller's default with a reason.
 */
import { bucketableValue, bucketWithPrefix } from "./bucket.js";
import type { CompiledClause } from "./compile-clause.js";
import type { CompiledFlag, CompiledServe } from "./compile-flag.js";
import { CompiledDocument } from "./compiled-document.js";
import { isRecord, ownField } from "./problems.js";
import { errorResult } from "./results.js";
import type { EvaluationContext, EvaluationResult, FlagDocument, JsonValue } from "./types.js";

/**
 * Thrown inside evaluation when the document turns out malformed (a cycle, a missing segment);
 * `evaluate` turns it into `ERROR` / `MALFORMED_FLAG`. Validated documents never raise it.
 */
class MalformedDocument extends Error {}

const EMPTY_CONTEXT: Readonly<Record<string, unknown>> = Object.freeze({});

/**
 * Evaluates `flagKey` for `context`. Pass the document `validateDocument` returned: it is
 * compiled once; a raw document works too but is compiled again on every call.
 *
 * @example
 * const checked = validateDocument(JSON.parse(body));
 * if (checked.ok) evaluate(checked.document, "new-checkout", { key: "user-42" }, false).value;
 */
export function evaluate<T = JsonValue>(
  document: FlagDocument,
  flagKey: string,
  context: EvaluationContext,
  defaultValue?: T,
): EvaluationResult<T | JsonValue> {
  // JSON has no `undefined`: no default is the `null` default, in every SDK.
  const fallback = defaultValue === undefined ? null : defaultValue;
  try {
    return evaluateCompiled(CompiledDocument.of(document), flagKey, context, fallback);
  } catch {
    return errorResult("MALFORMED_FLAG", fallback);
  }
}

/** Every flag of the document evaluated for `context`, without defaults. */
export function evaluateAll(
  document: FlagDocument,
  context: EvaluationContext,
): Record<string, EvaluationResult> {
  const results: Record<string, EvaluationResult> = {};
  try {
    const compiled = CompiledDocument.of(document);
    for (const key of compiled.flagKeys()) {
      try {
        results[key] = evaluateCompiled(compiled, key, context, null);
      } catch {
        results[key] = errorResult("MALFORMED_FLAG", null);
      }
    }
  } catch {
    // A document whose flags cannot even be listed has nothing to evaluate.
  }
  return results;
}

function evaluateCompiled<T>(
  compiled: CompiledDocument,
  flagKey: string,
  context: EvaluationContext,
  defaultValue: T,
): EvaluationResult<T | JsonValue> {
  const flag = compiled.flag(flagKey);
  if (flag === undefined) return errorResult("FLAG_NOT_FOUND", defaultValue);
  if (flag === null) return errorResult("MALFORMED_FLAG", defaultValue);
  const result = evaluateFlag(
    compiled,
    flag,
    isRecord(context) ? context : EMPTY_CONTEXT,
    undefined,
  );
  if (!acceptsValue(defaultValue, result.value)) return errorResult("WRONG_TYPE", defaultValue);
  return result;
}

/** A boolean, string or number default demands a value of the same JSON type. */
function acceptsValue(defaultValue: unknown, value: unknown): boolean {
  const expected = typeof defaultValue;
  if (expected !== "boolean" && expected !== "string" && expected !== "number") return true;
  return typeof value === expected;
}

function evaluateFlag(
  document: CompiledDocument,
  flag: CompiledFlag,
  context: Record<string, unknown>,
  dependents: readonly string[] | undefined,
): EvaluationResult {
  if (!flag.enabled) return flag.off;

  if (flag.prerequisites.length > 0) {
    const chain = dependents ? [...dependents, flag.key] : [flag.key];
    for (const prerequisite of flag.prerequisites) {
      if (chain.includes(prerequisite.flagKey)) throw new MalformedDocument("prerequisite cycle");
      const required = document.flag(prerequisite.flagKey);
      if (required === undefined) return prerequisite.failed;
      if (required === null) throw new MalformedDocument("malformed prerequisite");
      const served = evaluateFlag(document, required, context, chain);
      if (!required.enabled || served.variationKey !== prerequisite.variationKey)
        return prerequisite.failed;
    }
  }

  const key = ownField(context, "key");
  if (typeof key === "string" && flag.targets.size > 0) {
    const targeted = flag.targets.get(key);
    if (targeted) return targeted;
  }

  for (const rule of flag.rules) {
    if (allMatch(document, rule.clauses, context, undefined))
      return serve(rule.serve, flag, context);
  }
  return serve(flag.fallthrough, flag, context);
}

function serve(
  served: CompiledServe,
  flag: CompiledFlag,
  context: Record<string, unknown>,
): EvaluationResult {
  if (served.kind === "fixed") return served.result;
  const value = bucketableValue(ownField(context, served.bucketBy));
  if (value === undefined) return served.notApplied;
  const slot = bucketWithPrefix(flag.saltPrefix, value);
  const { thresholds, results } = served;
  for (let i = 0; i < thresholds.length; i++) {
    if (slot < (thresholds[i] as number)) return results[i] as EvaluationResult;
  }
  throw new MalformedDocument("weights do not cover every bucket");
}

function allMatch(
  document: CompiledDocument,
  clauses: readonly CompiledClause[],
  context: Record<string, unknown>,
  segmentChain: readonly string[] | undefined,
): boolean {
  for (const clause of clauses) {
    if (!clauseMatches(document, clause, context, segmentChain)) return false;
  }
  return true;
}

function clauseMatches(
  document: CompiledDocument,
  clause: CompiledClause,
  context: Record<string, unknown>,
  segmentChain: readonly string[] | undefined,
): boolean {
  let matched = false;
  if (clause.kind === "segment") {
    for (const segmentKey of clause.segmentKeys) {
      if (inSegment(document, segmentKey, context, segmentChain)) {
        matched = true;
        break;
      }
    }
  } else {
    const value = ownField(context, clause.attribute);
    if (value === undefined || value === null) {
      matched = false;
    } else if (clause.kind === "exists") {
      matched = true;
    } else if (Array.isArray(value)) {
      for (const element of value) {
        if (clause.test(element)) {
          matched = true;
          break;
        }
      }
    } else {
      matched = clause.test(value);
    }
  }
  return matched !== clause.negate;
}

function inSegment(
  document: CompiledDocument,
  segmentKey: string,
  context: Record<string, unknown>,
  segmentChain: readonly string[] | undefined,
): boolean {
  if (segmentChain?.includes(segmentKey)) throw new MalformedDocument("segment cycle");
  const segment = document.segment(segmentKey);
  if (!segment) throw new MalformedDocument(`unknown or malformed segment "${segmentKey}"`);
  const key = ownField(context, "key");
  if (typeof key === "string") {
    if (segment.included.has(key)) return true;
    if (segment.excluded.has(key)) return false;
  }
  if (segment.rules.length === 0) return false;
  const chain = segmentChain ? [...segmentChain, segmentKey] : [segmentKey];
  for (const clauses of segment.rules) if (allMatch(document, clauses, context, chain)) return true;
  return false;
}
