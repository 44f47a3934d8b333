import { describe, expect, it } from "vitest";
import {
  formatClauseValues,
  inferValueType,
  parseClauseValues,
  parseKeyList,
} from "./clause-values.ts";

describe("clause values typed one per line", () => {
  it.each([
    ["in", "de\nfr\n\n at ", "string", ["de", "fr", "at"]],
    ["in", "18\n21", "number", [18, 21]],
    ["in", "true", "boolean", [true]],
    ["endsWith", "@example.com", "string", ["@example.com"]],
    ["matches", "^beta-\\d+$", "string", ["^beta-\\d+$"]],
    ["gte", "2.5", "string", [2.5]],
    ["semverGt", "2.4.0\nv3.0.0-rc.1", "string", ["2.4.0", "v3.0.0-rc.1"]],
    [
      "before",
      "2025-01-31T00:00:00Z\n1735689600000",
      "string",
      ["2025-01-31T00:00:00Z", 1735689600000],
    ],
    ["exists", "", "string", []],
  ] as const)("%s reads %j as %j", (op, text, type, values) => {
    expect(parseClauseValues(op, text, type)).toEqual({ ok: true, values });
  });

  it.each([
    ["lt", "ten", 'line 1: "ten" is not a number'],
    ["in", "1\nx", 'line 2: "x" is not a number'],
    ["semverEq", "2.4", 'line 1: "2.4" is not a version like 1.4.0'],
    [
      "after",
      "next tuesday",
      'line 1: "next tuesday" is not an ISO-8601 time or epoch milliseconds',
    ],
    ["matches", "(", "line 1:"],
    ["matches", "a".repeat(257), "at most 256 characters"],
    ["contains", "  \n ", "give at least one value"],
  ] as const)("%s refuses %j and says where", (op, text, message) => {
    const parsed = parseClauseValues(op, text, op === "in" ? "number" : "string");
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toContain(message);
  });

  it("formats values back to one per line, keeping numbers recognisable", () => {
    expect(formatClauseValues(["a", 2, true])).toBe("a\n2\ntrue");
  });

  it("infers the type of an `in` clause from its values", () => {
    expect(inferValueType([1, 2])).toBe("number");
    expect(inferValueType([false])).toBe("boolean");
    expect(inferValueType(["1", 2])).toBe("string");
    expect(inferValueType([])).toBe("string");
  });

  it("reads context keys separated by lines or commas, without duplicates", () => {
    expect(parseKeyList("user-1, user-2\nuser-1\n\n  user-3 ")).toEqual([
      "user-1",
      "user-2",
      "user-3",
    ]);
  });
});
