/**
 * computeResults, pure: what is compared with what (control, treatments outside the split,
 * value metrics over every exposed context), Holm adjustment, the sample-ratio check and the
 * verdict's refusals. The statistics themselves are tested in @flagswitch/stats.
 */
import { describe, expect, it } from "vitest";
import type { ExperimentTotals } from "../src/db/repositories/experiment-aggregates.js";
import type { ExperimentDefinition } from "../src/experiments/definition.js";
import { computeResults } from "../src/experiments/results.js";

const definition: ExperimentDefinition = {
  control: "a",
  rule: null,
  primaryMetric: { eventKey: "buy", kind: "binomial" },
  secondaryMetrics: [{ eventKey: "revenue", kind: "value" }],
  split: { variations: ["a", "b", "c"], weights: [34000, 33000, 33000] },
};

function totals(
  exposed: Record<string, number>,
  metrics: Record<string, Record<string, [number, number, number]>> = {},
  health = { excludedContexts: 0, conversionsBeforeExposure: 0 },
): ExperimentTotals {
  return {
    exposed: new Map(Object.entries(exposed)),
    metrics: new Map(
      Object.entries(metrics).map(([variation, byEvent]) => [
        variation,
        new Map(
          Object.entries(byEvent).map(([eventKey, [converting, sum, sumSquares]]) => [
            eventKey,
            { converting, sum, sumSquares },
          ]),
        ),
      ]),
    ),
    ...health,
  };
}

describe("computeResults", () => {
  it("reports insufficient data, not a winner, before any traffic", () => {
    const results = computeResults(definition, totals({}), 0);
    expect(results.variations.map((variation) => variation.exposed)).toEqual([0, 0, 0]);
    expect(results.sampleRatio).toMatchObject({ pValue: 1, mismatch: false });
    expect(results.verdict.outcome).toBe("insufficient-data");
    expect(results.metrics[0]?.variations[0]?.interval).toBeNull();
  });

  it("averages a value metric over every exposed context, converting or not", () => {
    const results = computeResults(
      definition,
      totals({ a: 4, b: 4, c: 4 }, { a: { revenue: [2, 30, 500] }, b: { revenue: [1, 8, 64] } }),
      0,
    );
    const revenue = results.metrics[1];
    expect(revenue).toMatchObject({ eventKey: "revenue", kind: "value", primary: false });
    // a: (10 + 20 + 0 + 0) / 4 = 7.5; b: 8 / 4 = 2; c: nothing counted → 0.
    expect(revenue?.variations.map((row) => row.estimate)).toEqual([7.5, 2, 0]);
    expect(revenue?.variations[1]?.comparison?.absoluteLift).toBeCloseTo(-5.5, 12);
  });

  it("adjusts p-values for the number of treatments (Holm) and judges by the adjusted one", () => {
    const results = computeResults(
      definition,
      totals(
        { a: 1000, b: 1000, c: 1000 },
        { a: { buy: [100, 0, 0] }, b: { buy: [130, 0, 0] }, c: { buy: [101, 0, 0] } },
      ),
      0,
    );
    const [, b, c] = results.metrics[0]?.variations ?? [];
    const pB = b?.comparison?.pValue ?? Number.NaN;
    const pC = c?.comparison?.pValue ?? Number.NaN;
    // Two treatments: the smaller p-value doubles, the larger stays (but not below it).
    expect(pB).toBeLessThan(pC);
    expect(b?.comparison?.adjustedPValue).toBeCloseTo(2 * pB, 12);
    expect(c?.comparison?.adjustedPValue).toBeCloseTo(Math.max(pC, 2 * pB), 12);
    // The verdict quotes the adjusted p-value (two decimals above 0.01).
    expect(b?.comparison?.verdict.text).toContain(`p = ${(2 * pB).toFixed(2)}`);
  });

  it("never compares a variation outside the split, and flags its exposures as a sample-ratio mismatch", () => {
    const results = computeResults(
      definition,
      totals({ a: 100, b: 100, c: 100, z: 40 }, { a: { buy: [10, 0, 0] }, b: { buy: [30, 0, 0] } }),
      1,
    );
    expect(results.variations.at(-1)).toEqual({ key: "z", control: false, weight: 0, exposed: 40 });
    expect(results.metrics[0]?.variations.at(-1)?.comparison).toBeNull();
    expect(results.sampleRatio.mismatch).toBe(true);
    expect(results.verdict.outcome).toBe("invalid");
    expect(results.health.warnings.join("\n")).toMatch(/sample-ratio mismatch[\s\S]*forced/);
  });

  it("uses the first variation of the split as control when none is set", () => {
    const results = computeResults({ ...definition, control: null }, totals({ a: 1, b: 1 }), 0);
    expect(results.controlVariation).toBe("a");
  });
});
