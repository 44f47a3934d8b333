import { describe, expect, it } from "vitest";
import {
  evenWeights,
  formatWeight,
  parsePercent,
  percentToWeight,
  ROLLOUT_STEPS,
  rebalanceWeights,
  rolloutRestIndex,
  rolloutTargetIndex,
  sumWeights,
  TOTAL_WEIGHT,
  twoWayWeights,
} from "./rollout.ts";

describe("rollout maths", () => {
  it("turns the usual steps 5 → 25 → 50 → 100 % into exact weights", () => {
    expect(ROLLOUT_STEPS.map(percentToWeight)).toEqual([5000, 25000, 50000, 100000]);
    expect(ROLLOUT_STEPS.map((step) => formatWeight(percentToWeight(step)))).toEqual([
      "5 %",
      "25 %",
      "50 %",
      "100 %",
    ]);
  });

  it("keeps three decimals and no more", () => {
    expect(percentToWeight(12.345)).toBe(12345);
    expect(formatWeight(12345)).toBe("12.345 %");
    expect(formatWeight(12500)).toBe("12.5 %");
    expect(formatWeight(1)).toBe("0.001 %");
  });

  it.each([
    ["25", 25000],
    ["12.5", 12500],
    [" 0.125 % ", 125],
    ["100", 100000],
    ["0", 0],
    ["33,333", 33333],
  ])("reads %j as weight %i", (text, weight) => {
    expect(parsePercent(text)).toEqual({ ok: true, weight });
  });

  it.each([
    ["", "enter a percentage"],
    ["abc", "enter a percentage"],
    ["-5", "enter a percentage"],
    ["100.5", "cannot exceed 100"],
    ["1.2345", "at most three decimals"],
  ])("refuses %j, saying %j", (text, message) => {
    const parsed = parsePercent(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toContain(message);
  });

  it("gives a two-way rollout its share and the rest to the other variation", () => {
    expect(twoWayWeights(2, 0, 1, 25000)).toEqual([25000, 75000]);
    expect(twoWayWeights(3, 2, 0, 5000)).toEqual([95000, 0, 5000]);
    expect(sumWeights(twoWayWeights(2, 1, 0, 123456))).toBe(TOTAL_WEIGHT);
  });

  it("splits evenly with an exact total", () => {
    expect(evenWeights(3)).toEqual([33334, 33333, 33333]);
    expect(sumWeights(evenWeights(7))).toBe(TOTAL_WEIGHT);
    expect(evenWeights(0)).toEqual([]);
  });

  it("rebalances the other variations in proportion and keeps the total at 100000", () => {
    expect(rebalanceWeights([50000, 25000, 25000], 0, 40000)).toEqual([40000, 30000, 30000]);
    expect(rebalanceWeights([100000, 0, 0], 0, 10000)).toEqual([10000, 45000, 45000]);
    expect(rebalanceWeights([33334, 33333, 33333], 1, 50000)).toEqual([25000, 50000, 25000]);
    for (let weight = 0; weight <= TOTAL_WEIGHT; weight += 7919) {
      const result = rebalanceWeights([10000, 20000, 30000, 40000], 2, weight);
      expect(sumWeights(result)).toBe(TOTAL_WEIGHT);
      expect(result[2]).toBe(weight);
      expect(result.every((value) => value >= 0)).toBe(true);
    }
  });

  it("refuses a variation that does not exist", () => {
    expect(() => rebalanceWeights([50000, 50000], 2, 10)).toThrow(/variation 2 does not exist/);
  });

  it("moves the true variation and gives the rest to the off variation, like the server's /rollout", () => {
    expect(rolloutTargetIndex([true, false], 1)).toBe(0);
    expect(rolloutTargetIndex([false, true], 0)).toBe(1);
    expect(rolloutTargetIndex(["a", "b", "c"], 0)).toBe(1);
    expect(rolloutRestIndex(2, 1, 0)).toBe(1);
    expect(rolloutRestIndex(3, 0, 0)).toBe(1);
  });
});
