/**
 * Where each segment is used in an environment's flag document: flag rules and other segments'
 * rules whose `inSegment` clauses name it. Shown on the Segments page, so nobody deletes or
 * narrows a segment without seeing what depends on it.
 */
import type { FlagDocument } from "@flagswitch/core";

export type SegmentUse =
  | { kind: "flag"; flag: string; ruleId: string; ruleIndex: number; negated: boolean }
  | { kind: "segment"; segment: string; ruleIndex: number; negated: boolean };

export function segmentUsage(
  document: Pick<FlagDocument, "flags" | "segments">,
): Map<string, SegmentUse[]> {
  const usage = new Map<string, SegmentUse[]>();
  const add = (key: unknown, use: SegmentUse) => {
    if (typeof key !== "string") return;
    const list = usage.get(key) ?? [];
    list.push(use);
    usage.set(key, list);
  };
  for (const flag of Object.values(document.flags)) {
    for (const [ruleIndex, rule] of (flag.rules ?? []).entries()) {
      for (const clause of rule.clauses) {
        if (clause.op !== "inSegment") continue;
        for (const key of new Set(clause.values)) {
          add(key, {
            kind: "flag",
            flag: flag.key,
            ruleId: rule.id,
            ruleIndex,
            negated: clause.negate === true,
          });
        }
      }
    }
  }
  for (const segment of Object.values(document.segments)) {
    for (const [ruleIndex, rule] of (segment.rules ?? []).entries()) {
      for (const clause of rule.clauses) {
        if (clause.op !== "inSegment") continue;
        for (const key of new Set(clause.values)) {
          add(key, {
            kind: "segment",
            segment: segment.key,
            ruleIndex,
            negated: clause.negate === true,
          });
        }
      }
    }
  }
  return usage;
}
