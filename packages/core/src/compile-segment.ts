import type { CompiledClause } from "./compile-clause.js";
import { compileClauses } from "./compile-flag.js";
import { isRecord, type ProblemList, pointer } from "./problems.js";

export interface CompiledSegment {
  readonly key: string;
  readonly included: ReadonlySet<string>;
  readonly excluded: ReadonlySet<string>;
  readonly rules: readonly (readonly CompiledClause[])[];
}

/** The compiled segment, or `undefined` when `raw` is malformed (reasons added to `problems`). */
export function compileSegment(
  raw: unknown,
  expectedKey: string,
  path: string,
  problems: ProblemList,
): CompiledSegment | undefined {
  if (!isRecord(raw)) {
    problems.add(path, `segment "${expectedKey}" must be an object`);
    return undefined;
  }
  const start = problems.errors.length;
  const fail = (field: string, message: string) =>
    problems.add(pointer(path, field), `segment "${expectedKey}": ${field} ${message}`);
  if (raw.key !== expectedKey)
    fail("key", `must equal the segment's key in segments ("${expectedKey}")`);
  if (typeof raw.version !== "number" || !Number.isSafeInteger(raw.version) || raw.version < 0) {
    fail("version", "must be an integer ≥ 0");
  }
  const included = keySet(raw.included, "included", fail);
  const excluded = keySet(raw.excluded, "excluded", fail);
  const rules: CompiledClause[][] = [];
  if (raw.rules !== undefined && !Array.isArray(raw.rules)) fail("rules", "must be an array");
  (Array.isArray(raw.rules) ? raw.rules : []).forEach((rule: unknown, index) => {
    const rulePath = pointer(pointer(path, "rules"), index);
    if (!isRecord(rule)) {
      problems.add(rulePath, `segment "${expectedKey}": a rule must be { clauses: [...] }`);
      return;
    }
    const clauses = compileClauses(rule.clauses, pointer(rulePath, "clauses"), problems);
    if (clauses) rules.push(clauses);
  });
  if (problems.errors.length > start) return undefined;
  return { key: expectedKey, included, excluded, rules };
}

function keySet(
  raw: unknown,
  field: string,
  fail: (field: string, message: string) => void,
): ReadonlySet<string> {
  if (raw === undefined) return new Set();
  if (!Array.isArray(raw) || !raw.every((key) => typeof key === "string")) {
    fail(field, "must be an array of context keys (strings)");
    return new Set();
  }
  return new Set(raw as string[]);
}
