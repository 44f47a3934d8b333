/**
 * `validateDocument`: the one place that decides whether a flag document may be installed.
 * It copies the input as plain JSON, compiles every flag and segment (collecting every problem
 * with its JSON Pointer), checks references between them, and returns a frozen document that
 * carries its compiled form, so evaluation never parses anything again.
 */
import type { CompiledClause } from "./compile-clause.js";
import { type CompiledFlag, compileFlag } from "./compile-flag.js";
import { type CompiledSegment, compileSegment } from "./compile-segment.js";
import { CompiledDocument } from "./compiled-document.js";
import { isRecord, ProblemList, pointer } from "./problems.js";
import type { FlagDocument, ValidationResult } from "./types.js";

/** Deeper than any sensible variation value; also what stops a circular object. */
const MAX_DEPTH = 64;

export function validateDocument(input: unknown): ValidationResult {
  const problems = new ProblemList();
  try {
    const copy = copyJson(input, 0);
    if (copy !== NOT_JSON) return validateCopy(copy, problems);
    reportNonJson(input, "", problems, 0);
    return { ok: false, errors: problems.errors };
  } catch (error) {
    problems.add("", `document cannot be read: ${(error as Error)?.message ?? String(error)}`);
    return { ok: false, errors: problems.errors };
  }
}

function validateCopy(copy: unknown, problems: ProblemList): ValidationResult {
  if (!isRecord(copy)) {
    problems.add("", "document must be an object");
    return { ok: false, errors: problems.errors };
  }
  if (copy.schemaVersion !== 1) problems.add("/schemaVersion", "schemaVersion must be 1");
  if (typeof copy.environment !== "string")
    problems.add("/environment", "environment must be a string");
  if (typeof copy.version !== "number" || !Number.isSafeInteger(copy.version) || copy.version < 0) {
    problems.add("/version", "version must be an integer ≥ 0");
  }
  if (!isRecord(copy.flags)) problems.add("/flags", "flags must be an object keyed by flag key");
  if (!isRecord(copy.segments))
    problems.add("/segments", "segments must be an object keyed by segment key");
  if (!isRecord(copy.flags) || !isRecord(copy.segments))
    return { ok: false, errors: problems.errors };

  const flags = new Map<string, CompiledFlag>();
  const segments = new Map<string, CompiledSegment>();
  for (const [key, raw] of Object.entries(copy.flags)) {
    const flag = compileFlag(raw, key, pointer("/flags", key), problems);
    if (flag) flags.set(key, flag);
  }
  for (const [key, raw] of Object.entries(copy.segments)) {
    const segment = compileSegment(raw, key, pointer("/segments", key), problems);
    if (segment) segments.set(key, segment);
  }
  return completeDocument(copy, flags, segments, problems);
}

/**
 * Checks the references between compiled flags and segments and, when every check passes,
 * freezes `document` with its compiled form attached.
 */
export function completeDocument(
  document: Record<string, unknown>,
  flags: Map<string, CompiledFlag>,
  segments: Map<string, CompiledSegment>,
  problems: ProblemList,
): ValidationResult {
  checkPrerequisites(flags, problems);
  checkSegmentReferences(flags, segments, problems);
  if (!problems.isEmpty) return { ok: false, errors: problems.errors };
  new CompiledDocument(document, { flags, segments }).attachTo(document);
  return { ok: true, document: Object.freeze(document) as unknown as FlagDocument };
}

function checkPrerequisites(flags: ReadonlyMap<string, CompiledFlag>, problems: ProblemList): void {
  for (const flag of flags.values()) {
    flag.prerequisites.forEach((prerequisite, index) => {
      const path = pointer(pointer(pointer("/flags", flag.key), "prerequisites"), index);
      const required = flags.get(prerequisite.flagKey);
      if (!required) {
        problems.add(
          pointer(path, "flag"),
          `flag "${flag.key}": prerequisite on unknown flag "${prerequisite.flagKey}"`,
        );
      } else if (!required.variationKeys.includes(prerequisite.variationKey)) {
        problems.add(
          pointer(path, "variation"),
          `flag "${flag.key}": flag "${prerequisite.flagKey}" has no variation "${prerequisite.variationKey}"`,
        );
      }
    });
  }
  const cycles = findCycles([...flags.keys()], (key) =>
    (flags.get(key)?.prerequisites ?? []).map((prerequisite) => prerequisite.flagKey),
  );
  for (const cycle of cycles) {
    problems.add(
      pointer(pointer("/flags", cycle[0] as string), "prerequisites"),
      `prerequisite cycle: ${cycle.join(" → ")}`,
    );
  }
}

function checkSegmentReferences(
  flags: ReadonlyMap<string, CompiledFlag>,
  segments: ReadonlyMap<string, CompiledSegment>,
  problems: ProblemList,
): void {
  const report = (path: string, owner: string, clauses: readonly CompiledClause[]) => {
    clauses.forEach((clause, index) => {
      if (clause.kind !== "segment") return;
      clause.segmentKeys.forEach((key, valueIndex) => {
        if (segments.has(key)) return;
        const at = pointer(pointer(pointer(path, index), "values"), valueIndex);
        problems.add(at, `${owner}: inSegment on unknown segment "${key}"`);
      });
    });
  };
  for (const flag of flags.values()) {
    flag.rules.forEach((rule, index) => {
      report(
        pointer(pointer(pointer(pointer("/flags", flag.key), "rules"), index), "clauses"),
        `flag "${flag.key}"`,
        rule.clauses,
      );
    });
  }
  for (const segment of segments.values()) {
    segment.rules.forEach((clauses, index) => {
      report(
        pointer(pointer(pointer(pointer("/segments", segment.key), "rules"), index), "clauses"),
        `segment "${segment.key}"`,
        clauses,
      );
    });
  }
  const referenced = (key: string) =>
    (segments.get(key)?.rules ?? []).flatMap((clauses) =>
      clauses.flatMap((clause) => (clause.kind === "segment" ? clause.segmentKeys : [])),
    );
  for (const cycle of findCycles([...segments.keys()], referenced)) {
    problems.add(
      pointer(pointer("/segments", cycle[0] as string), "rules"),
      `segment cycle: ${cycle.join(" → ")}`,
    );
  }
}

/**
 * The cycles of a directed graph, each as a path that returns to its start, found by one
 * depth-first search: every cycle that does not share a node with one already found.
 */
function findCycles(
  nodes: readonly string[],
  edges: (node: string) => readonly string[],
): string[][] {
  const cycles: string[][] = [];
  const done = new Set<string>();
  const onPath: string[] = [];
  const visit = (node: string): void => {
    const loopStart = onPath.indexOf(node);
    if (loopStart >= 0) {
      cycles.push([...onPath.slice(loopStart), node]);
      return;
    }
    if (done.has(node)) return;
    onPath.push(node);
    for (const next of edges(node)) visit(next);
    onPath.pop();
    done.add(node);
  };
  for (const node of nodes) visit(node);
  return cycles;
}

/**
 * A frozen plain-JSON copy of `value` (all but the top level, which validation still completes),
 * or NOT_JSON when it holds anything JSON cannot — then `reportNonJson` walks it again to say
 * where: paths cost too much to build for every value of a valid document.
 */
export function copyJson(value: unknown, depth: number): unknown {
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      return Number.isFinite(value) ? value : NOT_JSON;
    case "object": {
      if (value === null) return null;
      if (depth >= MAX_DEPTH) return NOT_JSON;
      if (Array.isArray(value)) {
        const copy = new Array<unknown>(value.length);
        for (let i = 0; i < value.length; i++) {
          const item = copyJson(value[i], depth + 1);
          if (item === NOT_JSON) return NOT_JSON;
          copy[i] = item;
        }
        return depth > 0 ? Object.freeze(copy) : copy;
      }
      const prototype = Object.getPrototypeOf(value);
      if (prototype !== Object.prototype && prototype !== null) return NOT_JSON;
      const copy: Record<string, unknown> = {};
      for (const key of Object.keys(value)) {
        const raw = (value as Record<string, unknown>)[key];
        if (raw === undefined) continue;
        const item = copyJson(raw, depth + 1);
        if (item === NOT_JSON) return NOT_JSON;
        // "__proto__" must stay a plain key: assigning it would set the copy's prototype.
        if (key === "__proto__") {
          Object.defineProperty(copy, key, {
            value: item,
            enumerable: true,
            writable: true,
            configurable: true,
          });
        } else {
          copy[key] = item;
        }
      }
      return depth > 0 ? Object.freeze(copy) : copy;
    }
    default:
      return NOT_JSON;
  }
}

export const NOT_JSON: unique symbol = Symbol("not JSON");

export function reportNonJson(
  value: unknown,
  path: string,
  problems: ProblemList,
  depth: number,
): void {
  if (typeof value === "number" && !Number.isFinite(value))
    problems.add(path, "numbers must be finite");
  if (typeof value === "function" || typeof value === "symbol" || typeof value === "bigint") {
    problems.add(path, `${typeof value} is not JSON`);
  }
  if (typeof value !== "object" || value === null) return;
  if (depth >= MAX_DEPTH) {
    problems.add(path, `nested deeper than ${MAX_DEPTH} levels (or circular)`);
    return;
  }
  const prototype = Object.getPrototypeOf(value);
  if (!Array.isArray(value) && prototype !== Object.prototype && prototype !== null) {
    problems.add(path, "must be plain JSON data");
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    reportNonJson(
      item,
      pointer(path, Array.isArray(value) ? Number(key) : key),
      problems,
      depth + 1,
    );
  }
}
