import { describe, expect, it } from "vitest";
import { checkVariations, draftOf, parseVariationValue } from "./variation-values.ts";

describe("typed variation values", () => {
  it.each([
    ["string", "blue", "blue"],
    ["number", " 42.5 ", 42.5],
    ["boolean", "false", false],
    ["json", '{"layout":"grid","columns":3}', { layout: "grid", columns: 3 }],
  ] as const)("%s %j → %j", (type, text, value) => {
    expect(parseVariationValue(type, text)).toEqual({ ok: true, value });
  });

  it("refuses what is not of its type", () => {
    expect(parseVariationValue("number", "")).toMatchObject({ ok: false });
    expect(parseVariationValue("number", "12px")).toMatchObject({
      ok: false,
      message: '"12px" is not a number',
    });
    expect(parseVariationValue("json", "{oops")).toMatchObject({ ok: false });
    expect(parseVariationValue("boolean", "yes")).toMatchObject({ ok: false });
  });

  it("round-trips stored values into drafts", () => {
    expect(draftOf("a", { x: 1 })).toEqual({ key: "a", type: "json", text: '{"x":1}' });
    expect(draftOf("b", 3)).toEqual({ key: "b", type: "number", text: "3" });
    expect(draftOf("c", "grey")).toEqual({ key: "c", type: "string", text: "grey" });
  });

  it("checks a list: keys present and unique, at least two variations", () => {
    const checked = checkVariations([
      { key: "a", type: "string", text: "x" },
      { key: "a", type: "number", text: "nope" },
      { key: "", type: "boolean", text: "true" },
    ]);
    expect(checked.problems.get(1)).toBe('"nope" is not a number');
    expect(checked.problems.get(2)).toBe("give the variation a key");
    expect(checkVariations([{ key: "only", type: "string", text: "x" }]).problems.get("")).toBe(
      "a flag needs at least two variations",
    );
    expect(
      checkVariations([
        { key: "a", type: "string", text: "x" },
        { key: "b", type: "number", text: "2" },
      ]),
    ).toEqual({
      variations: [
        { key: "a", value: "x" },
        { key: "b", value: 2 },
      ],
      problems: new Map(),
    });
  });
});
