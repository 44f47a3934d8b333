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
    const copy = copyJson(input, "", problems, 0);
    if (!problems.isEmpty) return { ok: false, errors: problems.errors };
    return validateCopy(copy, problems);
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
  if (copy.segments === undefined) copy.segments = {};
  if (!isRecord(copy.flags)) problems.add("/flags", "flags must be an object keyed by flag key");
  if (!isRecord(copy.segments))
    problems.add("/segments", "segments must be an object keyed by segment key");
  if (!isRecord(copy.flags) || !isRecord(copy.segments))
    return { ok: false, errors: problems.errors };

  const rawFlags = copy.flags as Record<string, unknown>;
  const rawSegments = copy.segments as Record<string, unknown>;
  const compiled = new CompiledDocument(copy);
  const flags = new Map<string, CompiledFlag>();
  const segments = new Map<string, CompiledSegment>();
  for (const [key, raw] of Object.entries(rawFlags)) {
    const flag = compileFlag(raw, key, pointer("/flags", key), problems);
    if (flag) flags.set(key, flag);
  }
  for (const [key, raw] of Object.entries(rawSegments)) {
    const segment = compileSegment(raw, key, pointer("/segments", key), problems);
    if (segment) segments.set(key, segment);
  }
  checkPrerequisites(flags, problems);
  checkSegmentReferences(flags, segments, problems);
  if (!problems.isEmpty) return { ok: false, errors: problems.errors };

  for (const [key, flag] of flags) compiled.setFlag(key, flag);
  for (const [key, segment] of segments) compiled.setSegment(key, segment);
  return { ok: true, document: deepFreeze(compiled.attachTo(copy)) as unknown as FlagDocument };
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
  const cycle = findCycle(
    [...flags.keys()],
    (key) => flags.get(key)?.prerequisites.map((p) => p.flagKey) ?? [],
  );
  if (cycle) {
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
  const cycle = findCycle([...segments.keys()], referenced);
  if (cycle) {
    problems.add(
      pointer(pointer("/segments", cycle[0] as string), "rules"),
      `segment cycle: ${cycle.join(" → ")}`,
    );
  }
}

/** The first cycle in a directed graph (as a path that returns to its start), by depth-first search. */
function findCycle(
  nodes: readonly string[],
  edges: (node: string) => readonly string[],
): string[] | undefined {
  const done = new Set<string>();
  const onPath: string[] = [];
  const visit = (node: string): string[] | undefined => {
    const loopStart = onPath.indexOf(node);
    if (loopStart >= 0) return [...onPath.slice(loopStart), node];
    if (done.has(node)) return undefined;
    onPath.push(node);
    for (const next of edges(node)) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    onPath.pop();
    done.add(node);
    return undefined;
  };
  for (const node of nodes) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}

/** A plain-JSON copy of `value`; anything JSON cannot hold is a problem at its path. */
function copyJson(value: unknown, path: string, problems: ProblemList, depth: number): unknown {
  if (depth > MAX_DEPTH) {
    problems.add(path, `nested deeper than ${MAX_DEPTH} levels (or circular)`);
    return null;
  }
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      if (!Number.isFinite(value)) problems.add(path, "numbers must be finite");
      return value;
    case "object": {
      if (value === null) return null;
      if (Array.isArray(value))
        return value.map((item, index) =>
          copyJson(item, pointer(path, index), problems, depth + 1),
        );
      const prototype = Object.getPrototypeOf(value);
      if (prototype !== Object.prototype && prototype !== null) {
        problems.add(path, "must be plain JSON data");
        return null;
      }
      const copy: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        if (item === undefined) continue;
        // defineProperty, not assignment: a "__proto__" key must stay a plain key.
        Object.defineProperty(copy, key, {
          value: copyJson(item, pointer(path, key), problems, depth + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return copy;
    }
    default:
      problems.add(path, `${typeof value} is not JSON`);
      return null;
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}
