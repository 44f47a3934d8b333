import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { booleanFlag, documentOf } from "./test-documents.js";
import type { Flag, Operator } from "./types.js";
import { validateDocument } from "./validate.js";

function errorPaths(input: unknown): string[] {
  const checked = validateDocument(input);
  return checked.ok ? [] : checked.errors.map((error) => error.path);
}

function withFlag(overrides: Partial<Flag> & Record<string, unknown>): unknown {
  return documentOf([booleanFlag("f", overrides as Partial<Flag>)]);
}

describe("validateDocument", () => {
  it("accepts a well-formed document and returns a frozen copy equal to it", () => {
    const input = documentOf([
      booleanFlag("f", { rules: [{ id: "r", clauses: [], serve: { variation: 0 } }] }),
    ]);
    const checked = validateDocument(input);
    if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
    expect(checked.document).toEqual(input);
    expect(checked.document).not.toBe(input);
    expect(Object.isFrozen(checked.document.flags.f?.variations[0])).toBe(true);
    expect(JSON.parse(JSON.stringify(checked.document))).toEqual(input);
  });

  it.each([
    ["a wrong schemaVersion", { ...documentOf([]), schemaVersion: 2 }, "/schemaVersion"],
    ["flags that are not an object", { ...documentOf([]), flags: [] }, "/flags"],
    [
      "a flag key differing from its entry",
      { ...documentOf([]), flags: { f: { ...booleanFlag("f"), key: "g" } } },
      "/flags/f/key",
    ],
    ["no variations", withFlag({ variations: [] }), "/flags/f/variations"],
    ["an offVariation out of range", withFlag({ offVariation: 2 }), "/flags/f/offVariation"],
    [
      "a target index out of range",
      withFlag({ targets: [{ variation: 5, values: ["a"] }] }),
      "/flags/f/targets/0/variation",
    ],
    [
      "a serve index out of range",
      withFlag({ fallthrough: { variation: -1 } }),
      "/flags/f/fallthrough/variation",
    ],
    [
      "fractional weights",
      withFlag({ fallthrough: { rollout: { weights: [50000.5, 49999.5] } } }),
      "/flags/f/fallthrough/rollout/weights",
    ],
    [
      "weights of the wrong count",
      withFlag({ fallthrough: { rollout: { weights: [100000] } } }),
      "/flags/f/fallthrough/rollout/weights",
    ],
    [
      "weights not summing to 100000",
      withFlag({ fallthrough: { rollout: { weights: [50000, 40000] } } }),
      "/flags/f/fallthrough/rollout/weights",
    ],
    [
      "an unknown operator",
      withFlag({
        rules: [
          {
            id: "r",
            clauses: [{ attribute: "a", op: "between" as Operator, values: [] }],
            serve: { variation: 0 },
          },
        ],
      }),
      "/flags/f/rules/0/clauses/0/op",
    ],
    [
      "a regex over 256 characters",
      withFlag({
        rules: [
          {
            id: "r",
            clauses: [{ attribute: "a", op: "matches", values: ["x".repeat(257)] }],
            serve: { variation: 0 },
          },
        ],
      }),
      "/flags/f/rules/0/clauses/0/values/0",
    ],
    [
      "a regex that does not compile",
      withFlag({
        rules: [
          {
            id: "r",
            clauses: [{ attribute: "a", op: "matches", values: ["(a"] }],
            serve: { variation: 0 },
          },
        ],
      }),
      "/flags/f/rules/0/clauses/0/values/0",
    ],
    [
      "duplicate rule ids",
      withFlag({
        rules: [
          { id: "r", clauses: [], serve: { variation: 0 } },
          { id: "r", clauses: [], serve: { variation: 1 } },
        ],
      }),
      "/flags/f/rules/1/id",
    ],
    [
      "a prerequisite on an unknown flag",
      withFlag({ prerequisites: [{ flag: "ghost", variation: "on" }] }),
      "/flags/f/prerequisites/0/flag",
    ],
    [
      "an unknown segment",
      withFlag({
        rules: [
          {
            id: "r",
            clauses: [{ attribute: "key", op: "inSegment", values: ["ghost"] }],
            serve: { variation: 0 },
          },
        ],
      }),
      "/flags/f/rules/0/clauses/0/values/0",
    ],
    [
      "a flag key that needs JSON Pointer escapes",
      documentOf([{ ...booleanFlag("a/b~c"), offVariation: 9 }]),
      "/flags/a~1b~0c/offVariation",
    ],
  ])("rejects %s, naming its path", (_name, input, path) => {
    expect(errorPaths(input)).toContain(path);
  });

  it("reports every problem of a document, not only the first", () => {
    const paths = errorPaths(
      documentOf([
        booleanFlag("a", { offVariation: 7 }),
        booleanFlag("b", { fallthrough: { variation: 9 } }),
      ]),
    );
    expect(paths).toEqual(
      expect.arrayContaining(["/flags/a/offVariation", "/flags/b/fallthrough/variation"]),
    );
  });

  it("rejects circular input and non-JSON values instead of overflowing the stack", () => {
    const circular: Record<string, unknown> = { ...documentOf([]) };
    circular.self = circular;
    expect(validateDocument(circular).ok).toBe(false);
    expect(validateDocument({ ...documentOf([]), extra: () => 1 }).ok).toBe(false);
    expect(validateDocument({ ...documentOf([]), extra: new Date() }).ok).toBe(false);
  });

  it("never throws on arbitrary input", () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.jsonValue()), (input) => {
        const checked = validateDocument(input);
        expect(typeof checked.ok).toBe("boolean");
      }),
      { numRuns: 3000 },
    );
  });
});
