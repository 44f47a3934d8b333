import { describe, expect, it } from "vitest";
import { compilePattern, MAX_PATTERN_LENGTH } from "./regex.js";

describe("compilePattern", () => {
  it("compiles portable patterns with the Unicode flag", () => {
    const pattern = compilePattern("^[a-z]+@(?:example|acme)\\.com$");
    expect(pattern).toBeInstanceOf(RegExp);
    expect((pattern as RegExp).test("ann@acme.com")).toBe(true);
    expect((compilePattern("^.$") as RegExp).test("😀")).toBe(true);
  });

  it("refuses constructs that not every SDK's regex engine reads the same way", () => {
    for (const pattern of [
      "a(?=b)",
      "(?!x)",
      "(?<=a)b",
      "(?<name>x)",
      "(?P<n>x)",
      "(?i)abc",
      "(a)\\1",
      "\\k<a>",
    ]) {
      expect(typeof compilePattern(pattern), pattern).toBe("string");
    }
    expect(compilePattern("[(?=]")).toBeInstanceOf(RegExp);
    expect(compilePattern("\\(?=")).toBeInstanceOf(RegExp);
  });

  it("refuses patterns that are too long or do not compile", () => {
    expect(compilePattern("a".repeat(MAX_PATTERN_LENGTH))).toBeInstanceOf(RegExp);
    expect(compilePattern("a".repeat(MAX_PATTERN_LENGTH + 1))).toMatch(/longer than 256/);
    expect(compilePattern("(unclosed")).toMatch(/does not compile/);
  });
});
