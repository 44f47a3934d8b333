import { describe, expect, it } from "vitest";
import { compareSemver, parseSemver, type SemanticVersion } from "./semver.js";

function version(text: string): SemanticVersion {
  const parsed = parseSemver(text);
  if (!parsed) throw new Error(`not a version: ${text}`);
  return parsed;
}

describe("semantic versions", () => {
  it("orders versions as SemVer 2.0.0 §11 does", () => {
    // The precedence example of semver.org §11, in increasing order.
    const ordered = [
      "1.0.0-alpha",
      "1.0.0-alpha.1",
      "1.0.0-alpha.beta",
      "1.0.0-beta",
      "1.0.0-beta.2",
      "1.0.0-beta.11",
      "1.0.0-rc.1",
      "1.0.0",
      "2.0.0",
      "2.1.0",
      "2.1.1",
      "10.0.0",
      "99999999999999999999.0.0",
    ];
    for (let i = 0; i < ordered.length - 1; i++) {
      expect(
        compareSemver(version(ordered[i] as string), version(ordered[i + 1] as string)),
      ).toBeLessThan(0);
      expect(
        compareSemver(version(ordered[i + 1] as string), version(ordered[i] as string)),
      ).toBeGreaterThan(0);
    }
  });

  it("pads a missing minor or patch with zero and ignores build metadata", () => {
    expect(compareSemver(version("2"), version("2.0.0"))).toBe(0);
    expect(compareSemver(version("2.1"), version("2.1.0"))).toBe(0);
    expect(compareSemver(version("1.2.3+build.5"), version("1.2.3"))).toBe(0);
  });

  it("refuses what is not a version", () => {
    for (const text of [
      "",
      "v1.2.3",
      "1.2.3.4",
      "01.2.3",
      "1.2.3-01",
      "1.2.3-",
      "1..2",
      "a.b.c",
      " 1.2.3",
    ]) {
      expect(parseSemver(text), text).toBeUndefined();
    }
  });
});
