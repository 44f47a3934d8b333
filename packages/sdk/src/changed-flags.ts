/**
 * Which flags a new document changed, by version: a flag added, removed or with another version;
 * a flag whose rules name a changed segment; a flag whose prerequisite changed. Listeners learn
 * exactly the keys whose answers may differ, and nothing when a poll brought the same document.
 */
import type { Clause, Flag, FlagDocument, Segment } from "@flagswitch/core";

export function changedFlagKeys(
  before: FlagDocument | undefined,
  after: FlagDocument,
): readonly string[] {
  if (before === after) return [];
  const beforeFlags = before?.flags ?? {};
  const changedSegments = changedKeys(before?.segments ?? {}, after.segments);
  spreadThroughSegments(changedSegments, after.segments);
  const changed = changedKeys(beforeFlags, after.flags);
  if (changedSegments.size > 0) {
    for (const [key, flag] of Object.entries(after.flags)) {
      if (!changed.has(key) && namesSegment(flag, changedSegments)) changed.add(key);
    }
  }
  spreadThroughPrerequisites(changed, after.flags);
  return [...changed];
}

function changedKeys(
  before: Readonly<Record<string, { version: number }>>,
  after: Readonly<Record<string, { version: number }>>,
): Set<string> {
  const changed = new Set<string>();
  for (const [key, item] of Object.entries(after)) {
    if (before[key]?.version !== item.version) changed.add(key);
  }
  for (const key of Object.keys(before)) if (!(key in after)) changed.add(key);
  return changed;
}

function segmentNames(clauses: readonly Clause[] | undefined, keys: ReadonlySet<string>): boolean {
  for (const clause of clauses ?? []) {
    if (clause.op !== "inSegment") continue;
    for (const value of clause.values)
      if (typeof value === "string" && keys.has(value)) return true;
  }
  return false;
}

function namesSegment(flag: Flag, keys: ReadonlySet<string>): boolean {
  return (flag.rules ?? []).some((rule) => segmentNames(rule.clauses, keys));
}

/** Segments may name other segments: a change reaches every segment that names a changed one. */
function spreadThroughSegments(
  changed: Set<string>,
  segments: Readonly<Record<string, Segment>>,
): void {
  spreadToDependents(changed, segments, (segment, keys) =>
    (segment.rules ?? []).some((rule) => segmentNames(rule.clauses, keys)),
  );
}

/** A flag's answer depends on its prerequisites' answers. */
function spreadThroughPrerequisites(
  changed: Set<string>,
  flags: Readonly<Record<string, Flag>>,
): void {
  spreadToDependents(changed, flags, (flag, keys) =>
    (flag.prerequisites ?? []).some((prerequisite) => keys.has(prerequisite.flag)),
  );
}

/** Adds to `changed` every item that depends on a changed one, until no more are added. */
function spreadToDependents<T>(
  changed: Set<string>,
  items: Readonly<Record<string, T>>,
  dependsOnAny: (item: T, keys: ReadonlySet<string>) => boolean,
): void {
  if (changed.size === 0) return;
  let grew = true;
  while (grew) {
    grew = false;
    for (const [key, item] of Object.entries(items)) {
      if (!changed.has(key) && dependsOnAny(item, changed)) {
        changed.add(key);
        grew = true;
      }
    }
  }
}
