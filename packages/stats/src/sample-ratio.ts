/**
 * Sample-ratio mismatch: do the exposed counts fit the configured split? A chi-square
 * goodness-of-fit test; p < 0.001 flags a mismatch (the conventional threshold: with many
 * experiments a looser one raises false alarms). A mismatch means assignment or logging is
 * broken and the experiment's results cannot be trusted.
 */
import { chiSquareSurvival } from "./distributions.js";

export const SAMPLE_RATIO_THRESHOLD = 0.001;

export interface SampleRatioResult {
  chiSquare: number;
  degreesOfFreedom: number;
  pValue: number;
  mismatch: boolean;
}

/** `counts[i]` exposed contexts in variation i, configured with relative weight `weights[i]`. */
export function sampleRatioMismatch(
  counts: readonly number[],
  weights: readonly number[],
): SampleRatioResult {
  const total = counts.reduce((sum, count) => sum + count, 0);
  const weightTotal = weights.reduce((sum, weight) => sum + weight, 0);
  let chiSquare = 0;
  let cells = 0;
  counts.forEach((count, i) => {
    const expected = (total * (weights[i] ?? 0)) / weightTotal;
    if (expected > 0) {
      chiSquare += (count - expected) ** 2 / expected;
      cells++;
    } else if (count > 0) {
      chiSquare = Number.POSITIVE_INFINITY; // exposures where the split sends nobody
    }
  });
  const degreesOfFreedom = Math.max(0, cells - 1);
  if (total === 0 || degreesOfFreedom === 0 || !(weightTotal > 0)) {
    return { chiSquare: 0, degreesOfFreedom, pValue: 1, mismatch: false };
  }
  const pValue = Number.isFinite(chiSquare) ? chiSquareSurvival(chiSquare, degreesOfFreedom) : 0;
  return { chiSquare, degreesOfFreedom, pValue, mismatch: pValue < SAMPLE_RATIO_THRESHOLD };
}
