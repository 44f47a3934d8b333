/**
 * Welch's t-test for a value metric (e.g. revenue per context), from running sums. Unlike
 * Student's test it does not assume equal variances; degrees of freedom by Welch–Satterthwaite.
 * The relative lift's interval uses the delta method on mean_T / mean_C.
 */
import { studentTCdf, studentTQuantile } from "./distributions.js";
import { describe } from "./intervals.js";
import type { Interval, ValueSummary } from "./types.js";

export interface WelchResult {
  controlMean: number;
  treatmentMean: number;
  meanDifference: number;
  interval: Interval | null;
  relativeLift: number | null;
  relativeLiftInterval: Interval | null;
  tStatistic: number;
  degreesOfFreedom: number;
  pValue: number;
}

export function welchTest(
  control: ValueSummary,
  treatment: ValueSummary,
  confidence = 0.95,
): WelchResult {
  const c = describe(control);
  const t = describe(treatment);
  const meanDifference = t.mean - c.mean;
  const relativeLift = c.mean !== 0 ? meanDifference / c.mean : null;
  const varianceC = c.n > 0 ? c.variance / c.n : 0;
  const varianceT = t.n > 0 ? t.variance / t.n : 0;
  const error = Math.sqrt(varianceC + varianceT);
  if (c.n < 2 || t.n < 2 || !(error > 0)) {
    return {
      controlMean: c.mean,
      treatmentMean: t.mean,
      meanDifference,
      interval: null,
      relativeLift,
      relativeLiftInterval: null,
      tStatistic: 0,
      degreesOfFreedom: 0,
      pValue: 1,
    };
  }
  const degreesOfFreedom =
    (varianceC + varianceT) ** 2 / (varianceC ** 2 / (c.n - 1) + varianceT ** 2 / (t.n - 1));
  const tStatistic = meanDifference / error;
  const quantile = studentTQuantile(1 - (1 - confidence) / 2, degreesOfFreedom);
  let relativeLiftInterval: Interval | null = null;
  if (relativeLift !== null) {
    // Var(T/C) ≈ Var(T)/C² + T² Var(C)/C⁴ (first-order delta method).
    const ratioError = Math.sqrt(varianceT / c.mean ** 2 + (t.mean ** 2 * varianceC) / c.mean ** 4);
    relativeLiftInterval = [
      relativeLift - quantile * ratioError,
      relativeLift + quantile * ratioError,
    ];
  }
  return {
    controlMean: c.mean,
    treatmentMean: t.mean,
    meanDifference,
    interval: [meanDifference - quantile * error, meanDifference + quantile * error],
    relativeLift,
    relativeLiftInterval,
    tStatistic,
    degreesOfFreedom,
    pValue: 2 * studentTCdf(-Math.abs(tStatistic), degreesOfFreedom),
  };
}
