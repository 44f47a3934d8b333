import { describe, expect, it } from "vitest";
import { mergeValues } from "./merge.ts";

const rule = (id: string, values: string[], variation = 0) => ({
  id,
  clauses: [{ attribute: "plan", op: "in", values }],
  serve: { variation },
});

describe("mergeValues (re-applying my edits on a version saved meanwhile)", () => {
  it("keeps their change and mine when they touch different fields", () => {
    const base = { enabled: false, offVariation: 1, salt: null as string | null };
    const mine = { ...base, enabled: true };
    const theirs = { ...base, offVariation: 0 };
    expect(mergeValues(base, mine, theirs)).toEqual({
      merged: { enabled: true, offVariation: 0, salt: null },
      conflicts: [],
    });
  });

  it("merges individual targets per variation: neither side's keys are lost", () => {
    const base = { targets: [] as Array<{ variation: number; values: string[] }> };
    const theirs = { targets: [{ variation: 0, values: ["vip-user"] }] };
    const mine = { targets: [{ variation: 1, values: ["blocked-user"] }] };
    expect(mergeValues(base, mine, theirs)).toEqual({
      merged: {
        targets: [
          { variation: 0, values: ["vip-user"] },
          { variation: 1, values: ["blocked-user"] },
        ],
      },
      conflicts: [],
    });
  });

  it("applies my additions and removals of keys to their list", () => {
    const base = { included: ["a", "b", "c"] };
    const mine = { included: ["a", "c", "mine"] };
    const theirs = { included: ["a", "b", "c", "theirs"] };
    expect(mergeValues(base, mine, theirs).merged).toEqual({
      included: ["a", "c", "theirs", "mine"],
    });
  });

  it("merges rules by id: my new rule is added, their edited rule is kept, my deletion stands", () => {
    const base = { rules: [rule("a", ["free"]), rule("b", ["team"])] };
    const theirs = { rules: [rule("a", ["free", "trial"]), rule("b", ["team"])] };
    const mine = { rules: [rule("a", ["free"]), rule("c", ["edu"])] };
    expect(mergeValues(base, mine, theirs)).toEqual({
      merged: { rules: [rule("a", ["free", "trial"]), rule("c", ["edu"])] },
      conflicts: [],
    });
  });

  it("reports both sides changing the same value differently, and keeps mine", () => {
    const base = { fallthrough: { rollout: { weights: [5000, 95000] } } };
    const mine = { fallthrough: { rollout: { weights: [25000, 75000] } } };
    const theirs = { fallthrough: { rollout: { weights: [50000, 50000] } } };
    expect(mergeValues(base, mine, theirs)).toEqual({
      merged: mine,
      conflicts: ["fallthrough.rollout.weights"],
    });
  });

  it("reports a rule I deleted that they changed meanwhile (my deletion wins)", () => {
    const base = { rules: [rule("a", ["free"])] };
    const theirs = { rules: [rule("a", ["free"], 1)] };
    const mine = { rules: [] };
    expect(mergeValues(base, mine, theirs)).toEqual({
      merged: { rules: [] },
      conflicts: ["rules[id=a]"],
    });
  });

  it("keeps my reordering of rules when they did not reorder them", () => {
    const base = { rules: [rule("a", ["1"]), rule("b", ["2"])] };
    const mine = { rules: [rule("b", ["2"]), rule("a", ["1"])] };
    const theirs = { rules: [rule("a", ["1", "x"]), rule("b", ["2"])] };
    expect(mergeValues(base, mine, theirs).merged).toEqual({
      rules: [rule("b", ["2"]), rule("a", ["1", "x"])],
    });
  });

  it("drops a field I removed", () => {
    const base = { negate: true, attribute: "a" };
    const mine = { attribute: "a" };
    const theirs = { negate: true, attribute: "b" };
    expect(mergeValues<Record<string, unknown>>(base, mine, theirs).merged).toEqual({
      attribute: "b",
    });
  });
});
