import type { FlagDocument } from "@flagswitch/core";
import { describe, expect, it } from "vitest";
import { segmentUsage } from "./segment-usage.ts";

describe("segmentUsage", () => {
  it("finds every flag rule and segment rule that refers to a segment", () => {
    const document = {
      flags: {
        banner: {
          key: "banner",
          version: 1,
          enabled: true,
          variations: [{ key: "on", value: true }],
          offVariation: 0,
          fallthrough: { variation: 0 },
          rules: [
            {
              id: "beta",
              clauses: [{ attribute: "key", op: "inSegment", values: ["beta", "beta"] }],
              serve: { variation: 0 },
            },
            {
              id: "not-staff",
              clauses: [{ attribute: "key", op: "inSegment", values: ["staff"], negate: true }],
              serve: { variation: 0 },
            },
          ],
        },
        plain: {
          key: "plain",
          version: 1,
          enabled: true,
          variations: [{ key: "on", value: true }],
          offVariation: 0,
          fallthrough: { variation: 0 },
        },
      },
      segments: {
        beta: {
          key: "beta",
          version: 1,
          rules: [{ clauses: [{ attribute: "key", op: "inSegment", values: ["staff"] }] }],
        },
        staff: { key: "staff", version: 1 },
      },
    } satisfies Pick<FlagDocument, "flags" | "segments">;
    const usage = segmentUsage(document);
    expect(usage.get("beta")).toEqual([
      { kind: "flag", flag: "banner", ruleId: "beta", ruleIndex: 0, negated: false },
    ]);
    expect(usage.get("staff")).toEqual([
      { kind: "flag", flag: "banner", ruleId: "not-staff", ruleIndex: 1, negated: true },
      { kind: "segment", segment: "beta", ruleIndex: 0, negated: false },
    ]);
    expect(usage.get("unused")).toBeUndefined();
  });
});
