import { describe, expect, it } from "vitest";
import { diffValues, previewValue } from "./diff.ts";

describe("diffValues", () => {
  it("finds nothing between equal values, whatever the key order", () => {
    expect(diffValues({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toEqual([]);
  });

  it("names changed, added and removed fields by path", () => {
    expect(diffValues({ enabled: false, salt: "x" }, { enabled: true, offVariation: 1 })).toEqual([
      { path: "enabled", kind: "changed", before: false, after: true },
      { path: "salt", kind: "removed", before: "x" },
      { path: "offVariation", kind: "added", after: 1 },
    ]);
  });

  it("compares rollout weights by position", () => {
    const before = { fallthrough: { rollout: { weights: [5000, 95000] } } };
    const after = { fallthrough: { rollout: { weights: [25000, 75000] } } };
    expect(diffValues(before, after)).toEqual([
      { path: "fallthrough.rollout.weights[0]", kind: "changed", before: 5000, after: 25000 },
      { path: "fallthrough.rollout.weights[1]", kind: "changed", before: 95000, after: 75000 },
    ]);
  });

  it("compares rules by id: an edit, an addition, a removal and a reordering each say so", () => {
    const rule = (id: string, value: string) => ({
      id,
      clauses: [{ attribute: "plan", op: "in", values: [value] }],
      serve: { variation: 0 },
    });
    const before = { rules: [rule("a", "free"), rule("b", "team"), rule("c", "pro")] };
    const after = { rules: [rule("c", "pro"), rule("a", "enterprise"), rule("d", "edu")] };
    expect(diffValues(before, after)).toEqual([
      { path: "rules[id=a].clauses[0].values", kind: "removed", before: "free" },
      { path: "rules[id=a].clauses[0].values", kind: "added", after: "enterprise" },
      { path: "rules[id=b]", kind: "removed", before: rule("b", "team") },
      { path: "rules[id=d]", kind: "added", after: rule("d", "edu") },
      { path: "rules", kind: "reordered", before: ["a", "c"], after: ["c", "a"] },
    ]);
  });

  it("compares lists of keys as sets: one key out of thousands is one change", () => {
    const keys = Array.from({ length: 5000 }, (_, index) => `user-${index}`);
    const after = keys.filter((key) => key !== "user-0").concat("user-new");
    expect(diffValues({ values: keys }, { values: after })).toEqual([
      { path: "values", kind: "removed", before: "user-0" },
      { path: "values", kind: "added", after: "user-new" },
    ]);
  });

  it("reports a list of keys that only changed order", () => {
    expect(diffValues(["a", "b"], ["b", "a"])).toEqual([
      { path: "", kind: "reordered", before: ["a", "b"], after: ["b", "a"] },
    ]);
  });

  it("treats null and a missing value as different things", () => {
    expect(diffValues({ salt: null }, {})).toEqual([
      { path: "salt", kind: "removed", before: null },
    ]);
  });
});

describe("previewValue", () => {
  it("renders JSON on one line and cuts long values", () => {
    expect(previewValue({ a: [1, "x"] })).toBe('{"a":[1,"x"]}');
    expect(previewValue("x".repeat(200), 10)).toBe(`"${"x".repeat(8)}…`);
    expect(previewValue(undefined)).toBe("—");
  });
});
