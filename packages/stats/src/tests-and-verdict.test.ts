import { describe, expect, it } from "vitest";
import { holmBonferroni } from "./multiple-testing.js";
import { sampleRatioMismatch } from "./sample-ratio.js";
import { verdict } from "./verdict.js";

describe("holmBonferroni", () => {
  it("matches statsmodels multipletests(method='holm')", () => {
    // statsmodels 0.15.0: multipletests([0.01, 0.04, 0.03, 0.2], method="holm")[1] → [0.04, 0.09, 0.09, 0.2]
    const adjusted = holmBonferroni([0.01, 0.04, 0.03, 0.2]);
    for (const [i, expected] of [0.04, 0.09, 0.09, 0.2].entries()) {
      expect(adjusted[i]).toBeCloseTo(expected, 12);
    }
  });

  it("treats a p-value that could not be computed as 1", () => {
    expect(holmBonferroni([0.01, Number.NaN, 0.03])).toEqual([0.03, 1, 0.06]);
  });
});

describe("sampleRatioMismatch", () => {
  it("matches SciPy's chi-square goodness-of-fit test", () => {
    // scipy.stats.chisquare([5100, 4900]) → statistic 4.0, p 0.04550026389635857
    expect(sampleRatioMismatch([5100, 4900], [50000, 50000])).toMatchObject({
      chiSquare: 4,
      mismatch: false,
    });
    expect(sampleRatioMismatch([5100, 4900], [1, 1]).pValue).toBeCloseTo(0.04550026389635857, 12);
    // scipy.stats.chisquare([3400, 3300, 3050], f_exp=[3250, 3250, 3250]) → 20.0, p 4.539992976248486e-05
    const skewed = sampleRatioMismatch([3400, 3300, 3050], [33334, 33333, 33333]);
    expect(skewed.pValue).toBeCloseTo(4.539992976248486e-5, 6);
    expect(skewed.mismatch).toBe(true);
  });

  it("flags exposures in a variation the split never serves", () => {
    expect(sampleRatioMismatch([10, 10, 3], [50000, 50000, 0]).mismatch).toBe(true);
    expect(sampleRatioMismatch([0, 0], [1, 1]).mismatch).toBe(false);
  });
});

describe("verdict", () => {
  const base = { control: "A", treatment: "B", metric: "checkout-completed" };
  it("names a winner only with significance", () => {
    expect(
      verdict({
        ...base,
        relativeLift: 0.123,
        relativeLiftInterval: [0.041, 0.205],
        pValue: 0.003,
        chanceToBeatControl: 0.992,
      }),
    ).toEqual({
      outcome: "winner",
      text: "B beats A on checkout-completed: +12.3 % (95 % CI +4.1 % … +20.5 %), p = 0.003, 99.2 % chance to beat control",
    });
    expect(
      verdict({ ...base, relativeLift: 0.2, relativeLiftInterval: [-0.05, 0.45], pValue: 0.12 })
        .outcome,
    ).toBe("inconclusive");
    expect(
      verdict({ ...base, relativeLift: -0.1, relativeLiftInterval: [-0.18, -0.02], pValue: 0.01 })
        .text,
    ).toMatch(/^B is worse than A on checkout-completed: −10\.0 %/);
    expect(
      verdict({ ...base, relativeLift: null, relativeLiftInterval: null, pValue: 1 }).outcome,
    ).toBe("insufficient-data");
    expect(
      verdict({
        ...base,
        relativeLift: 0.5,
        relativeLiftInterval: [0.3, 0.7],
        pValue: 0.0001,
        sampleRatioMismatch: true,
      }).outcome,
    ).toBe("invalid");
  });
});
