import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareProportions } from "./proportions.js";

describe("compareProportions", () => {
  it("matches the pooled two-proportion z-test", () => {
    // statsmodels 0.15.0: proportions_ztest([150, 120], [1000, 1000]) → z 1.963049807622355, p 0.04964038686536878
    const result = compareProportions(
      { exposed: 1000, converted: 120 },
      { exposed: 1000, converted: 150 },
    );
    expect(result.zScore).toBeCloseTo(1.963049807622355, 10);
    expect(result.pValue).toBeCloseTo(0.04964038686536878, 10);
    expect(result.absoluteLift).toBeCloseTo(0.03, 12);
    expect(result.relativeLift).toBeCloseTo(0.25, 12);
    // Unpooled Wald interval: 0.03 ± 1.959963984540054 · √(0.12·0.88/1000 + 0.15·0.85/1000)
    const half = 1.959963984540054 * Math.sqrt((0.12 * 0.88) / 1000 + (0.15 * 0.85) / 1000);
    expect(result.absoluteLiftInterval?.[0]).toBeCloseTo(0.03 - half, 12);
    // Katz log interval: exp(ln(1.25) ± z·√((1 − 0.15)/150 + (1 − 0.12)/120)) − 1
    const logHalf = 1.959963984540054 * Math.sqrt(0.85 / 150 + 0.88 / 120);
    expect(result.relativeLiftInterval?.[0]).toBeCloseTo(
      Math.exp(Math.log(1.25) - logHalf) - 1,
      12,
    );
    expect(result.relativeLiftInterval?.[1]).toBeCloseTo(
      Math.exp(Math.log(1.25) + logHalf) - 1,
      12,
    );
  });

  it("matches a second worked example near the significance boundary", () => {
    // statsmodels: proportions_ztest([560, 500], [10000, 10000]) → p 0.05825780603351623
    const result = compareProportions(
      { exposed: 10000, converted: 500 },
      { exposed: 10000, converted: 560 },
    );
    expect(result.pValue).toBeCloseTo(0.05825780603351623, 10);
  });

  // Reference: Evan Miller's closed form for P(p_T > p_C) (evanmiller.org/bayesian-ab-testing.html),
  // and expected loss by C. Stucchio's identity, both evaluated with scipy.special.betaln (SciPy 1.17.1).
  it.each([
    [100, 10, 100, 15, 0.8532837899338428, 0.0035780881307030735],
    [1000, 100, 1000, 120, 0.9231834389724246, 0.0004846139264378189],
    [50, 5, 400, 60, 0.78997930277393, 0.006861917998575495],
    [10000, 500, 10000, 560, 0.9708376636934878, 3.567457021482379e-5],
    [5000, 400, 200, 20, 0.866677562003922, 0.0011955676850489878],
  ])(
    "Bayesian chance to beat control and expected loss: C %i/%i, T %i/%i",
    (nC, cC, nT, cT, chance, loss) => {
      const result = compareProportions(
        { exposed: nC, converted: cC },
        { exposed: nT, converted: cT },
      );
      expect(Math.abs(result.chanceToBeatControl - chance)).toBeLessThan(1e-4);
      expect(Math.abs(result.expectedLoss - loss)).toBeLessThan(Math.max(1e-7, loss * 1e-3));
    },
  );

  it("keeps an interval around the relative lift when every context converted", () => {
    const all = compareProportions({ exposed: 10, converted: 10 }, { exposed: 10, converted: 10 });
    const [low, high] = all.relativeLiftInterval ?? [0, 0];
    expect(low).toBeLessThan(0);
    expect(high).toBeGreaterThan(0);
  });

  it("stays sane with a million exposed contexts", () => {
    const result = compareProportions(
      { exposed: 1_000_000, converted: 50_000 },
      { exposed: 1_000_000, converted: 50_400 },
    );
    expect(result.chanceToBeatControl).toBeGreaterThan(0.5);
    expect(result.chanceToBeatControl).toBeLessThan(1);
    // Normal approximation of the two Beta posteriors: z = 0.0004 / √(2 · 0.05 · 0.95 / 10⁶) ≈ 1.298.
    expect(result.chanceToBeatControl).toBeCloseTo(0.9029, 2);
  });

  it("keeps its invariants for any counts", () => {
    const proportion = fc
      .tuple(fc.integer({ min: 0, max: 100_000 }), fc.double({ min: 0, max: 1, noNaN: true }))
      .map(([exposed, share]) => ({ exposed, converted: Math.floor(exposed * share) }));
    fc.assert(
      fc.property(proportion, proportion, (control, treatment) => {
        const forward = compareProportions(control, treatment);
        const backward = compareProportions(treatment, control);
        expect(forward.pValue).toBeGreaterThanOrEqual(0);
        expect(forward.pValue).toBeLessThanOrEqual(1);
        expect(forward.pValue).toBeCloseTo(backward.pValue, 10);
        expect(forward.chanceToBeatControl + backward.chanceToBeatControl).toBeCloseTo(1, 3);
        const interval = forward.absoluteLiftInterval;
        if (interval) {
          expect(interval[0]).toBeLessThanOrEqual(forward.absoluteLift + 1e-12);
          expect(interval[1]).toBeGreaterThanOrEqual(forward.absoluteLift - 1e-12);
        }
      }),
      { numRuns: 300 },
    );
  });
});
