/** A segment as stored and as it appears in the document. */
import type { Segment, SegmentRule } from "@flagswitch/core";
import { fromJson } from "../db/json.js";
import type { SegmentRow } from "../db/schema.js";

export function documentSegment(row: SegmentRow): Segment {
  return {
    key: row.key,
    version: row.version,
    included: fromJson<string[]>(row.included),
    excluded: fromJson<string[]>(row.excluded),
    rules: fromJson<SegmentRule[]>(row.rules),
  };
}
