import { describe, expect, it } from "vitest";
import { isProduction, sortEnvironments } from "./environments.ts";

describe("isProduction", () => {
  it.each([
    ["production", true],
    ["prod", true],
    ["prod-eu", true],
    ["Production-US", true],
    ["preprod", false],
    ["non-prod", false],
    ["staging", false],
    ["development", false],
  ])("the key %s → %s", (key, expected) => {
    expect(isProduction({ key })).toBe(expected);
  });

  it("follows an explicit marker from the server over the key", () => {
    expect(isProduction({ key: "live", production: true })).toBe(true);
    expect(isProduction({ key: "production", production: false })).toBe(false);
  });
});

describe("sortEnvironments", () => {
  it("orders by position, then key", () => {
    const environment = (key: string, position: number) => ({
      key,
      name: key,
      position,
      documentVersion: 1,
      version: 1,
      createdAt: "",
      updatedAt: "",
    });
    expect(
      sortEnvironments([
        environment("production", 2),
        environment("staging", 1),
        environment("a", 1),
      ]).map((candidate) => candidate.key),
    ).toEqual(["a", "staging", "production"]);
  });
});
