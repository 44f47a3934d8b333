/**
 * Turns a clause into a matcher once per document: `in` lists become sets, regexes are
 * compiled, semver and date values parsed, so evaluation does no parsing of the document.
 */
import { parseInstant } from "./dates.js";
import { isRecord, type ProblemList, pointer } from "./problems.js";
import { compilePattern } from "./regex.js";
import { compareSemver, parseSemver, type SemanticVersion } from "./semver.js";
import { OPERATORS, type Operator } from "./types.js";

/** Tests one scalar attribute value (never an array, never null). */
export type ValueMatcher = (value: unknown) => boolean;

export type CompiledClause =
  | {
      readonly kind: "value";
      readonly attribute: string;
      readonly negate: boolean;
      readonly test: ValueMatcher;
    }
  | { readonly kind: "exists"; readonly attribute: string; readonly negate: boolean }
  | { readonly kind: "segment"; readonly segmentKeys: readonly string[]; readonly negate: boolean };

const operatorNames: ReadonlySet<string> = new Set(OPERATORS);

export function compileClause(
  raw: unknown,
  path: string,
  problems: ProblemList,
): CompiledClause | undefined {
  if (!isRecord(raw)) {
    problems.add(path, "clause must be an object");
    return undefined;
  }
  const { attribute, op, values, negate = false } = raw;
  const before = problems.errors.length;
  if (typeof attribute !== "string")
    problems.add(pointer(path, "attribute"), "attribute must be a string");
  if (typeof negate !== "boolean")
    problems.add(pointer(path, "negate"), "negate must be a boolean");
  if (!Array.isArray(values)) problems.add(pointer(path, "values"), "values must be an array");
  if (typeof op !== "string" || !operatorNames.has(op)) {
    problems.add(pointer(path, "op"), `unknown operator ${JSON.stringify(op)}`);
  }
  if (problems.errors.length > before) return undefined;

  const name = attribute as string;
  const inverted = negate as boolean;
  const list = values as unknown[];
  const operator = op as Operator;
  if (operator === "exists") return { kind: "exists", attribute: name, negate: inverted };
  if (operator === "inSegment") {
    if (!allOf(list, isString, path, "a segment key string", problems)) return undefined;
    return { kind: "segment", segmentKeys: list as string[], negate: inverted };
  }
  const test = compileMatcher(operator, list, path, problems);
  return test && { kind: "value", attribute: name, negate: inverted, test };
}

function compileMatcher(
  op: Exclude<Operator, "exists" | "inSegment">,
  values: unknown[],
  path: string,
  problems: ProblemList,
): ValueMatcher | undefined {
  switch (op) {
    case "in":
      return allOf(values, isScalar, path, "a string, number or boolean", problems)
        ? membership(values as (string | number | boolean)[])
        : undefined;
    case "startsWith":
      return textMatcher(values, path, problems, (text, part) => text.startsWith(part));
    case "endsWith":
      return textMatcher(values, path, problems, (text, part) => text.endsWith(part));
    case "contains":
      return textMatcher(values, path, problems, (text, part) => text.includes(part));
    case "matches":
      return regexMatcher(values, path, problems);
    case "lt":
      return numberMatcher(values, path, problems, (value, bound) => value < bound);
    case "lte":
      return numberMatcher(values, path, problems, (value, bound) => value <= bound);
    case "gt":
      return numberMatcher(values, path, problems, (value, bound) => value > bound);
    case "gte":
      return numberMatcher(values, path, problems, (value, bound) => value >= bound);
    case "semverEq":
      return semverMatcher(values, path, problems, (order) => order === 0);
    case "semverLt":
      return semverMatcher(values, path, problems, (order) => order < 0);
    case "semverGt":
      return semverMatcher(values, path, problems, (order) => order > 0);
    case "before":
      return instantMatcher(values, path, problems, (value, bound) => value < bound);
    case "after":
      return instantMatcher(values, path, problems, (value, bound) => value > bound);
  }
}

function membership(values: (string | number | boolean)[]): ValueMatcher {
  const strings = new Set(values.filter(isString));
  const numbers = new Set(values.filter((value) => typeof value === "number"));
  const hasTrue = values.includes(true);
  const hasFalse = values.includes(false);
  return (value) => {
    switch (typeof value) {
      case "string":
        return strings.has(value);
      case "number":
        return numbers.has(value);
      case "boolean":
        return value ? hasTrue : hasFalse;
      default:
        return false;
    }
  };
}

function textMatcher(
  values: unknown[],
  path: string,
  problems: ProblemList,
  test: (text: string, part: string) => boolean,
): ValueMatcher | undefined {
  if (!allOf(values, isString, path, "a string", problems)) return undefined;
  const parts = values as string[];
  return (value) => {
    if (typeof value !== "string") return false;
    for (const part of parts) if (test(value, part)) return true;
    return false;
  };
}

function regexMatcher(
  values: unknown[],
  path: string,
  problems: ProblemList,
): ValueMatcher | undefined {
  if (!allOf(values, isString, path, "a regex string", problems)) return undefined;
  const patterns: RegExp[] = [];
  (values as string[]).forEach((source, index) => {
    const compiled = compilePattern(source);
    if (typeof compiled === "string")
      problems.add(pointer(pointer(path, "values"), index), compiled);
    else patterns.push(compiled);
  });
  if (patterns.length !== values.length) return undefined;
  return (value) => {
    if (typeof value !== "string") return false;
    for (const pattern of patterns) if (pattern.test(value)) return true;
    return false;
  };
}

function numberMatcher(
  values: unknown[],
  path: string,
  problems: ProblemList,
  test: (value: number, bound: number) => boolean,
): ValueMatcher | undefined {
  if (!allOf(values, isFiniteNumber, path, "a number", problems)) return undefined;
  const bounds = values as number[];
  return (value) => {
    if (typeof value !== "number") return false;
    for (const bound of bounds) if (test(value, bound)) return true;
    return false;
  };
}

function semverMatcher(
  values: unknown[],
  path: string,
  problems: ProblemList,
  test: (order: number) => boolean,
): ValueMatcher | undefined {
  const versions: SemanticVersion[] = [];
  values.forEach((raw, index) => {
    const version = typeof raw === "string" ? parseSemver(raw) : undefined;
    if (version) versions.push(version);
    else
      problems.add(
        pointer(pointer(path, "values"), index),
        `${JSON.stringify(raw)} is not a semantic version`,
      );
  });
  if (versions.length !== values.length) return undefined;
  return (value) => {
    const version = typeof value === "string" ? parseSemver(value) : undefined;
    if (!version) return false;
    for (const bound of versions) if (test(compareSemver(version, bound))) return true;
    return false;
  };
}

function instantMatcher(
  values: unknown[],
  path: string,
  problems: ProblemList,
  test: (value: number, bound: number) => boolean,
): ValueMatcher | undefined {
  const instants: number[] = [];
  values.forEach((raw, index) => {
    const instant = parseInstant(raw);
    if (instant === undefined) {
      problems.add(
        pointer(pointer(path, "values"), index),
        `${JSON.stringify(raw)} is neither epoch milliseconds nor an ISO-8601 date with a zone`,
      );
    } else {
      instants.push(instant);
    }
  });
  if (instants.length !== values.length) return undefined;
  return (value) => {
    const instant = parseInstant(value);
    if (instant === undefined) return false;
    for (const bound of instants) if (test(instant, bound)) return true;
    return false;
  };
}

function allOf(
  values: unknown[],
  check: (value: unknown) => boolean,
  path: string,
  expected: string,
  problems: ProblemList,
): boolean {
  let ok = true;
  values.forEach((value, index) => {
    if (check(value)) return;
    problems.add(pointer(pointer(path, "values"), index), `must be ${expected}`);
    ok = false;
  });
  return ok;
}

function isString(value: unknown): value is string {
  return typeof value === "string";
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

function isScalar(value: unknown): boolean {
  return isString(value) || isFiniteNumber(value) || typeof value === "boolean";
}
