import { describe, expect, it } from "vitest";
import { welchTest } from "./welch.js";

// Two samples drawn once with numpy (default_rng(7), gamma) and rounded to cents. Reference:
// scipy.stats.ttest_ind(b, a, equal_var=False) in SciPy 1.17.1 → t 0.939442689975019,
// p 0.3501542673922242, df 85.36135246464656, 95 % CI of the difference (−2.5592286129160087,
// 7.144410431097832).
const a = [
  16.68, 13.37, 11.46, 17.46, 11.09, 23.82, 18.06, 16.29, 4.64, 2.4, 5.07, 18.77, 16.05, 3.69,
  18.63, 8.25, 8.26, 30.89, 15.27, 17.5, 17.67, 3.61, 18.26, 58.13, 5.48, 25.28, 27.13, 26.85, 9.38,
  11.37, 5.56, 14.26, 36.25, 8.37, 1.91, 15.44, 27.25, 12.35, 45.09, 13.05,
];
const b = [
  17.06, 7.21, 13.24, 29.09, 29.37, 37.05, 27.83, 23.82, 2.38, 8.87, 69.2, 11.37, 26.25, 15.99,
  26.71, 17.61, 7.65, 9.23, 21.43, 11.7, 2.51, 24.08, 32.79, 31.03, 31.46, 4.56, 46.1, 15.17, 8.26,
  12.19, 9.79, 6.09, 16.64, 18.85, 14.55, 18.78, 14.86, 9.67, 10.92, 23.67, 5.01, 11.29, 30.62,
  19.66, 25.6, 16.78, 6.49, 12.56, 18.21, 12.55, 14.84, 18.97, 29.59, 11.98, 34.88,
];
const summary = (values: number[]) => ({
  n: values.length,
  sum: values.reduce((s, v) => s + v, 0),
  sumSquares: values.reduce((s, v) => s + v * v, 0),
});

describe("welchTest", () => {
  it("matches SciPy's Welch test from running sums", () => {
    const result = welchTest(summary(a), summary(b));
    expect(result.tStatistic).toBeCloseTo(0.939442689975019, 9);
    expect(result.pValue).toBeCloseTo(0.3501542673922242, 9);
    expect(result.degreesOfFreedom).toBeCloseTo(85.36135246464656, 7);
    expect(result.interval?.[0]).toBeCloseTo(-2.5592286129160087, 8);
    expect(result.interval?.[1]).toBeCloseTo(7.144410431097832, 8);
  });

  it("declines to test without variance or with too few values", () => {
    expect(welchTest({ n: 1, sum: 5, sumSquares: 25 }, summary(b))).toMatchObject({
      pValue: 1,
      interval: null,
    });
    expect(
      welchTest({ n: 3, sum: 6, sumSquares: 12 }, { n: 3, sum: 6, sumSquares: 12 }).pValue,
    ).toBe(1);
  });
});
