/**
 * Re-applying a person's edits on top of a version someone else saved meanwhile (after a 412 or
 * a live update): a three-way merge of JSON values (base = what the edits started from).
 *
 * - A value only one side changed takes that side's value.
 * - Objects merge key by key.
 * - Lists of strings (target keys, segment members, clause values) merge as sets: my additions
 *   and removals are applied to their list.
 * - Lists of objects with an identity (rules by `id`, variations by `key`, prerequisites by
 *   `flag`, targets by `variation`) merge item by item: my new items are added, my removed items
 *   removed, items both changed merge recursively.
 * - Anything else both sides changed differently is a conflict: my value is kept and the path is
 *   reported, so the review dialog can point at it before anything is saved.
 */
import { deepEqual, isPlainObject } from "./deep-equal.ts";

export interface MergeResult<T> {
  merged: T;
  /** Where both sides changed the same thing differently (my value was kept). */
  conflicts: string[];
}

export function mergeValues<T>(base: T, mine: T, theirs: T): MergeResult<T> {
  const conflicts: string[] = [];
  const merged = merge(base, mine, theirs, "", conflicts) as T;
  return { merged, conflicts };
}

const IDENTITIES = ["id", "key", "flag", "variation"] as const;

function merge(
  base: unknown,
  mine: unknown,
  theirs: unknown,
  path: string,
  conflicts: string[],
): unknown {
  if (deepEqual(mine, base)) return theirs;
  if (deepEqual(theirs, base) || deepEqual(mine, theirs)) return mine;
  if (isPlainObject(base) && isPlainObject(mine) && isPlainObject(theirs)) {
    const result: Record<string, unknown> = {};
    const keys = new Set([...Object.keys(theirs), ...Object.keys(mine), ...Object.keys(base)]);
    for (const key of keys) {
      const value = merge(
        base[key],
        mine[key],
        theirs[key],
        path === "" ? key : `${path}.${key}`,
        conflicts,
      );
      if (value !== undefined) result[key] = value;
    }
    return result;
  }
  if (Array.isArray(base) && Array.isArray(mine) && Array.isArray(theirs)) {
    if ([base, mine, theirs].every(isStringList)) return mergeSets(base, mine, theirs);
    const identity = IDENTITIES.find((field) =>
      [base, mine, theirs].every((list) => hasIdentity(list, field)),
    );
    if (identity) return mergeKeyed(base, mine, theirs, identity, path, conflicts);
  }
  conflicts.push(path);
  return mine;
}

function mergeSets(base: string[], mine: string[], theirs: string[]): string[] {
  const baseSet = new Set(base);
  const mineSet = new Set(mine);
  const removed = new Set(base.filter((value) => !mineSet.has(value)));
  const added = mine.filter((value) => !baseSet.has(value));
  const result = theirs.filter((value) => !removed.has(value));
  const present = new Set(result);
  for (const value of added) {
    if (!present.has(value)) {
      result.push(value);
      present.add(value);
    }
  }
  return result;
}

type Keyed = Record<string, unknown>;

function mergeKeyed(
  base: Keyed[],
  mine: Keyed[],
  theirs: Keyed[],
  field: string,
  path: string,
  conflicts: string[],
): Keyed[] {
  const id = (item: Keyed) => String(item[field]);
  const baseById = new Map(base.map((item) => [id(item), item]));
  const mineById = new Map(mine.map((item) => [id(item), item]));
  const result: Keyed[] = [];
  for (const item of theirs) {
    const key = id(item);
    const before = baseById.get(key);
    const mineItem = mineById.get(key);
    if (before !== undefined && mineItem === undefined) {
      // I removed it; if they changed it meanwhile, say so (my removal wins).
      if (!deepEqual(before, item)) conflicts.push(`${path}[${field}=${key}]`);
      continue;
    }
    if (before === undefined || mineItem === undefined) {
      result.push(item);
      continue;
    }
    result.push(merge(before, mineItem, item, `${path}[${field}=${key}]`, conflicts) as Keyed);
  }
  const theirIds = new Set(theirs.map(id));
  for (const item of mine) {
    const key = id(item);
    if (!theirIds.has(key) && !baseById.has(key)) result.push(item);
  }
  // My reordering of items we both still have wins when they did not reorder them.
  const kept = (list: Keyed[]) =>
    list.map(id).filter((key) => baseById.has(key) && result.some((item) => id(item) === key));
  const baseOrder = kept(base);
  if (!deepEqual(kept(mine), baseOrder) && deepEqual(kept(theirs), baseOrder)) {
    const order = mine.map(id);
    result.sort((a, b) => rank(order, id(a)) - rank(order, id(b)));
  }
  return result;
}

function rank(order: string[], key: string): number {
  const index = order.indexOf(key);
  return index < 0 ? Number.MAX_SAFE_INTEGER : index;
}

function isStringList(list: unknown[]): list is string[] {
  return list.every((item) => typeof item === "string");
}

function hasIdentity(list: unknown[], field: string): list is Keyed[] {
  const seen = new Set<unknown>();
  for (const item of list) {
    if (!isPlainObject(item)) return false;
    const value = item[field];
    if ((typeof value !== "string" && typeof value !== "number") || seen.has(value)) return false;
    seen.add(value);
  }
  return true;
}
