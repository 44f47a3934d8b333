import { describe, expect, it } from "vitest";
import { meanInterval, wilsonInterval } from "./intervals.js";

describe("wilsonInterval", () => {
  // statsmodels 0.15.0: proportion_confint(converted, exposed, alpha=0.05, method="wilson")
  it.each([
    [37, 120, 0.23272736988916298, 0.39582997723800684],
    [0, 50, 0.0, 0.07134759913335874],
    [50, 50, 0.9286524008666412, 1.0],
    [1234, 10000, 0.11709799034002366, 0.12999123723276992],
  ])("%i of %i", (converted, exposed, low, high) => {
    const [l, h] = wilsonInterval(converted, exposed);
    expect(l).toBeCloseTo(low, 12);
    expect(h).toBeCloseTo(high, 12);
  });

  it("is [0, 1] with nothing exposed", () => {
    expect(wilsonInterval(0, 0)).toEqual([0, 1]);
  });
});

describe("meanInterval", () => {
  it("is mean ± t(0.975, n − 1) · s / √n", () => {
    // Values 2, 4, 4, 4, 5, 5, 7, 9. SciPy 1.17.1:
    // scipy.stats.t.interval(0.95, 7, loc=5, scale=scipy.stats.sem(values)) → (3.21251208176379, 6.787487918236209)
    const values = [2, 4, 4, 4, 5, 5, 7, 9];
    const summary = { n: 8, sum: 40, sumSquares: values.reduce((s, v) => s + v * v, 0) };
    const { mean, interval } = meanInterval(summary);
    expect(mean).toBe(5);
    expect(interval?.[0]).toBeCloseTo(3.21251208176379, 12);
    expect(interval?.[1]).toBeCloseTo(6.787487918236209, 12);
    expect(meanInterval({ n: 1, sum: 3, sumSquares: 9 }).interval).toBeNull();
  });
});
