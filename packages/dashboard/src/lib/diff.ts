/**
 * A readable structural diff of two JSON values: what a save, a rollback or an audit entry
 * changes, as a list of field-level changes. Arrays are compared the way people read them:
 * rules (objects with an `id`) by id, with a separate note when only their order changed;
 * lists of strings (target keys, segment members, tags, clause values) as sets, so removing one
 * key from a list of thousands is one change, not thousands; everything else by position.
 */
import { deepEqual, isPlainObject } from "./deep-equal.ts";

export type ChangeKind = "added" | "removed" | "changed" | "reordered";

export interface Change {
  /** Where, e.g. `rules[id=beta].clauses[0].values` or `fallthrough.rollout.weights[1]`. */
  path: string;
  kind: ChangeKind;
  before?: unknown;
  after?: unknown;
}

export function diffValues(before: unknown, after: unknown, path = ""): Change[] {
  const changes: Change[] = [];
  collect(before, after, path, changes);
  return changes;
}

function collect(before: unknown, after: unknown, path: string, changes: Change[]): void {
  if (deepEqual(before, after)) return;
  if (before === undefined) {
    changes.push({ path, kind: "added", after });
    return;
  }
  if (after === undefined) {
    changes.push({ path, kind: "removed", before });
    return;
  }
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...Object.keys(before), ...Object.keys(after).filter((key) => !(key in before))];
    for (const key of keys) collect(before[key], after[key], joinKey(path, key), changes);
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    if (isIdList(before) && isIdList(after)) collectById(before, after, path, changes);
    else if (isStringList(before) && isStringList(after))
      collectAsSet(before, after, path, changes);
    else {
      const length = Math.max(before.length, after.length);
      for (let index = 0; index < length; index++) {
        collect(before[index], after[index], `${path}[${index}]`, changes);
      }
    }
    return;
  }
  changes.push({ path, kind: "changed", before, after });
}

function collectById(
  before: Array<{ id: string }>,
  after: Array<{ id: string }>,
  path: string,
  changes: Change[],
): void {
  const afterById = new Map(after.map((item) => [item.id, item]));
  const beforeById = new Map(before.map((item) => [item.id, item]));
  for (const item of before) {
    const next = afterById.get(item.id);
    const itemPath = `${path}[id=${item.id}]`;
    if (next === undefined) changes.push({ path: itemPath, kind: "removed", before: item });
    else collect(item, next, itemPath, changes);
  }
  for (const item of after) {
    if (!beforeById.has(item.id))
      changes.push({ path: `${path}[id=${item.id}]`, kind: "added", after: item });
  }
  const keptBefore = before.filter((item) => afterById.has(item.id)).map((item) => item.id);
  const keptAfter = after.filter((item) => beforeById.has(item.id)).map((item) => item.id);
  if (!deepEqual(keptBefore, keptAfter)) {
    changes.push({ path, kind: "reordered", before: keptBefore, after: keptAfter });
  }
}

function collectAsSet(before: string[], after: string[], path: string, changes: Change[]): void {
  const beforeSet = new Set(before);
  const afterSet = new Set(after);
  let found = 0;
  for (const value of before) {
    if (!afterSet.has(value)) {
      changes.push({ path, kind: "removed", before: value });
      found++;
    }
  }
  for (const value of after) {
    if (!beforeSet.has(value)) {
      changes.push({ path, kind: "added", after: value });
      found++;
    }
  }
  // Same members in another order (or with duplicates): say so rather than nothing.
  if (found === 0) changes.push({ path, kind: "reordered", before, after });
}

function isIdList(list: unknown[]): list is Array<{ id: string }> {
  return list.every((item) => isPlainObject(item) && typeof item.id === "string");
}

function isStringList(list: unknown[]): list is string[] {
  return list.every((item) => typeof item === "string");
}

function joinKey(path: string, key: string): string {
  return path === "" ? key : `${path}.${key}`;
}

/** A short, single-line rendering of a value for a diff line. */
export function previewValue(value: unknown, maxLength = 120): string {
  if (value === undefined) return "—";
  const text =
    typeof value === "string" ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}
