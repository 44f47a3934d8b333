import { describe, expect, it } from "vitest";
import { linearScale } from "./chart-scale.ts";

describe("linearScale", () => {
  it("covers the values with round ticks and maps them into the drawing range", () => {
    const scale = linearScale([0.081, 0.1, 0.132], 100, 600);
    expect(scale.min).toBeLessThanOrEqual(0.081);
    expect(scale.max).toBeGreaterThanOrEqual(0.132);
    expect(scale.ticks).toEqual([0.08, 0.1, 0.12, 0.14]);
    expect(scale.at(scale.min)).toBe(100);
    expect(scale.at(scale.max)).toBe(600);
  });

  it("widens a single value into a visible range", () => {
    const scale = linearScale([0.5, 0.5], 0, 100);
    expect(scale.min).toBeLessThan(0.5);
    expect(scale.max).toBeGreaterThan(0.5);
    expect(scale.at(0.5)).toBeGreaterThan(0);
    expect(scale.at(0.5)).toBeLessThan(100);
  });

  it("ignores values that are not finite", () => {
    const scale = linearScale([Number.NaN, 1, 2, Number.POSITIVE_INFINITY], 0, 10);
    expect(scale.min).toBeLessThanOrEqual(1);
    expect(scale.max).toBeGreaterThanOrEqual(2);
    expect(scale.max).toBeLessThan(10);
  });
});
