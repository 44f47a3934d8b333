/**
 * Compiles one flag: checks every field, precompiles its clauses, and builds once the result
 * objects evaluation will hand out, so evaluating a compiled flag allocates nothing.
 */
import { BUCKET_COUNT } from "./bucket.js";
import { type CompiledClause, compileClause } from "./compile-clause.js";
import { isRecord, type ProblemList, pointer } from "./problems.js";
import { servedResult } from "./results.js";
import type { EvaluationReason, EvaluationResult, JsonValue } from "./types.js";

export type CompiledServe =
  | { readonly kind: "fixed"; readonly result: EvaluationResult }
  | {
      readonly kind: "rollout";
      readonly bucketBy: string;
      /** Running sums of the weights: variation i serves buckets below `thresholds[i]`. */
      readonly thresholds: readonly number[];
      readonly results: readonly EvaluationResult[];
      /** Served when the context has no usable `bucketBy` value: the off variation. */
      readonly notApplied: EvaluationResult;
    };

export interface CompiledRule {
  readonly clauses: readonly CompiledClause[];
  readonly serve: CompiledServe;
}

export interface CompiledPrerequisite {
  readonly flagKey: string;
  readonly variationKey: string;
  readonly failed: EvaluationResult;
}

export interface CompiledFlag {
  readonly key: string;
  readonly enabled: boolean;
  /** The flag's salt followed by ".", ready for bucketing. */
  readonly saltPrefix: string;
  readonly variationKeys: readonly string[];
  readonly off: EvaluationResult;
  readonly prerequisites: readonly CompiledPrerequisite[];
  /** Context key → the result of the first target that lists it. */
  readonly targets: ReadonlyMap<string, EvaluationResult>;
  readonly rules: readonly CompiledRule[];
  readonly fallthrough: CompiledServe;
}

interface Variations {
  readonly keys: string[];
  readonly values: JsonValue[];
}

/** The compiled flag, or `undefined` when `raw` is malformed (each reason added to `problems`). */
export function compileFlag(
  raw: unknown,
  expectedKey: string,
  path: string,
  problems: ProblemList,
): CompiledFlag | undefined {
  if (!isRecord(raw)) {
    problems.add(path, `flag "${expectedKey}" must be an object`);
    return undefined;
  }
  const start = problems.errors.length;
  const at = (field: string) => pointer(path, field);
  const fail = (field: string, message: string) =>
    problems.add(at(field), `flag "${expectedKey}": ${field} ${message}`);

  if (raw.key !== expectedKey) fail("key", `must equal the flag's key in flags ("${expectedKey}")`);
  if (!isCount(raw.version)) fail("version", "must be an integer ≥ 0");
  if (typeof raw.enabled !== "boolean") fail("enabled", "must be a boolean");
  if (raw.salt !== undefined && typeof raw.salt !== "string") fail("salt", "must be a string");
  if (raw.clientSide !== undefined && typeof raw.clientSide !== "boolean")
    fail("clientSide", "must be a boolean");
  const experimentRunning = readExperiment(raw.experiment, fail);

  const variations = readVariations(raw.variations, at("variations"), problems, expectedKey);
  if (!variations) return undefined;
  const count = variations.keys.length;
  const variationAt = (index: number, reason: EvaluationReason) =>
    servedResult(
      variations.values[index] as JsonValue,
      index,
      variations.keys[index] as string,
      reason,
    );

  if (!isIndex(raw.offVariation, count))
    fail("offVariation", `must be a variation index from 0 to ${count - 1}`);
  const offIndex = raw.offVariation as number;
  const off = problems.errors.length === start ? variationAt(offIndex, { kind: "OFF" }) : undefined;

  const prerequisites = listOf(
    raw.prerequisites,
    at("prerequisites"),
    problems,
    (item, itemPath) => {
      if (!isRecord(item) || typeof item.flag !== "string" || typeof item.variation !== "string") {
        problems.add(
          itemPath,
          `flag "${expectedKey}": a prerequisite needs a flag key and a variation key`,
        );
        return undefined;
      }
      return { flagKey: item.flag, variationKey: item.variation };
    },
  );

  const targets = new Map<string, EvaluationResult>();
  listOf(raw.targets, at("targets"), problems, (item, itemPath) => {
    if (!isRecord(item) || !isIndex(item.variation, count)) {
      problems.add(
        pointer(itemPath, "variation"),
        `flag "${expectedKey}": target variation must be an index from 0 to ${count - 1}`,
      );
      return undefined;
    }
    if (!Array.isArray(item.values) || !item.values.every((value) => typeof value === "string")) {
      problems.add(
        pointer(itemPath, "values"),
        `flag "${expectedKey}": target values must be context keys (strings)`,
      );
      return undefined;
    }
    const result = variationAt(item.variation, { kind: "TARGET_MATCH" });
    for (const contextKey of item.values as string[])
      if (!targets.has(contextKey)) targets.set(contextKey, result);
    return result;
  });

  const serveContext = { count, offIndex, experimentRunning, variationAt, flagKey: expectedKey };
  const ruleIds = new Set<string>();
  const rules = listOf(raw.rules, at("rules"), problems, (item, itemPath) => {
    if (!isRecord(item)) {
      problems.add(itemPath, `flag "${expectedKey}": a rule must be an object`);
      return undefined;
    }
    if (typeof item.id !== "string" || item.id === "") {
      problems.add(
        pointer(itemPath, "id"),
        `flag "${expectedKey}": a rule needs a non-empty string id`,
      );
      return undefined;
    }
    if (ruleIds.has(item.id)) {
      problems.add(
        pointer(itemPath, "id"),
        `flag "${expectedKey}": duplicate rule id "${item.id}"`,
      );
      return undefined;
    }
    ruleIds.add(item.id);
    const clauses = compileClauses(item.clauses, pointer(itemPath, "clauses"), problems);
    const serve = compileServe(item.serve, pointer(itemPath, "serve"), problems, serveContext, {
      kind: "RULE_MATCH",
      ruleId: item.id,
    });
    return clauses && serve && { clauses, serve };
  });
  const fallthrough = compileServe(raw.fallthrough, at("fallthrough"), problems, serveContext, {
    kind: "FALLTHROUGH",
  });

  if (problems.errors.length > start || !off || !prerequisites || !rules || !fallthrough)
    return undefined;
  return {
    key: expectedKey,
    enabled: raw.enabled as boolean,
    saltPrefix: `${(raw.salt as string | undefined) ?? expectedKey}.`,
    variationKeys: variations.keys,
    off,
    prerequisites: prerequisites.map(({ flagKey, variationKey }) => ({
      flagKey,
      variationKey,
      failed: variationAt(offIndex, { kind: "PREREQUISITE_FAILED", prerequisiteKey: flagKey }),
    })),
    targets,
    rules,
    fallthrough,
  };
}

/** The clauses of a flag or segment rule, or `undefined` when any is malformed. */
export function compileClauses(
  raw: unknown,
  path: string,
  problems: ProblemList,
): CompiledClause[] | undefined {
  if (!Array.isArray(raw)) {
    problems.add(path, "clauses must be an array");
    return undefined;
  }
  return listOf(raw, path, problems, (clause, clausePath) =>
    compileClause(clause, clausePath, problems),
  );
}

interface ServeContext {
  readonly flagKey: string;
  readonly count: number;
  readonly offIndex: number;
  readonly experimentRunning: boolean;
  readonly variationAt: (index: number, reason: EvaluationReason) => EvaluationResult;
}

function compileServe(
  raw: unknown,
  path: string,
  problems: ProblemList,
  context: ServeContext,
  reason: EvaluationReason,
): CompiledServe | undefined {
  const { flagKey, count, variationAt } = context;
  const fail = (where: string, message: string) => {
    problems.add(where, `flag "${flagKey}": ${message}`);
    return undefined;
  };
  if (!isRecord(raw) || (raw.variation === undefined) === (raw.rollout === undefined)) {
    return fail(path, "serve must be either { variation } or { rollout }");
  }
  if (raw.variation !== undefined) {
    if (!isIndex(raw.variation, count)) {
      return fail(pointer(path, "variation"), `variation must be an index from 0 to ${count - 1}`);
    }
    return { kind: "fixed", result: variationAt(raw.variation, reason) };
  }
  const rolloutPath = pointer(path, "rollout");
  const rollout = raw.rollout;
  if (!isRecord(rollout)) return fail(rolloutPath, "rollout must be an object");
  const bucketBy = rollout.bucketBy ?? "key";
  if (typeof bucketBy !== "string" || bucketBy === "") {
    return fail(pointer(rolloutPath, "bucketBy"), "bucketBy must be a non-empty attribute name");
  }
  const weights = rollout.weights;
  const weightsPath = pointer(rolloutPath, "weights");
  if (!Array.isArray(weights) || !weights.every(isCount)) {
    return fail(weightsPath, "weights must be integers ≥ 0 (thousandths of a percent)");
  }
  if (weights.length !== count) {
    return fail(
      weightsPath,
      `weights must number one per variation (${count}), not ${weights.length}`,
    );
  }
  const thresholds: number[] = [];
  let sum = 0;
  for (const weight of weights as number[]) {
    sum += weight;
    thresholds.push(sum);
  }
  if (sum !== BUCKET_COUNT)
    return fail(weightsPath, `weights must sum to ${BUCKET_COUNT}, not ${sum}`);
  const rolloutReason: EvaluationReason = context.experimentRunning
    ? { ...reason, inExperiment: true }
    : reason;
  return {
    kind: "rollout",
    bucketBy,
    thresholds,
    results: thresholds.map((_, index) => variationAt(index, rolloutReason)),
    notApplied: variationAt(context.offIndex, reason),
  };
}

function readVariations(
  raw: unknown,
  path: string,
  problems: ProblemList,
  flagKey: string,
): Variations | undefined {
  if (!Array.isArray(raw) || raw.length === 0) {
    problems.add(path, `flag "${flagKey}": variations must be a non-empty array`);
    return undefined;
  }
  const keys: string[] = [];
  const values: JsonValue[] = [];
  raw.forEach((variation: unknown, index) => {
    const at = pointer(path, index);
    if (!isRecord(variation) || typeof variation.key !== "string" || !("value" in variation)) {
      problems.add(at, `flag "${flagKey}": a variation needs a string key and a value`);
    } else if (keys.includes(variation.key)) {
      problems.add(
        pointer(at, "key"),
        `flag "${flagKey}": duplicate variation key "${variation.key}"`,
      );
    } else {
      keys.push(variation.key);
      values.push(variation.value as JsonValue);
    }
  });
  return keys.length === raw.length ? { keys, values } : undefined;
}

function readExperiment(raw: unknown, fail: (field: string, message: string) => void): boolean {
  if (raw === undefined) return false;
  if (!isRecord(raw) || typeof raw.key !== "string" || typeof raw.running !== "boolean") {
    fail("experiment", "must be { key: string, running: boolean }");
    return false;
  }
  return raw.running;
}

/**
 * Reads an optional array, compiling each item. `undefined` when any item failed, so a flag is
 * either compiled whole or rejected whole.
 */
function listOf<T>(
  raw: unknown,
  path: string,
  problems: ProblemList,
  compileItem: (item: unknown, itemPath: string) => T | undefined,
): T[] | undefined {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    problems.add(path, "must be an array");
    return undefined;
  }
  const items: T[] = [];
  raw.forEach((item: unknown, index) => {
    const compiled = compileItem(item, pointer(path, index));
    if (compiled !== undefined) items.push(compiled);
  });
  return items.length === raw.length ? items : undefined;
}

function isCount(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

function isIndex(value: unknown, count: number): value is number {
  return isCount(value) && value < count;
}
