/** Intervals for a single variation: a conversion rate (Wilson) or a mean (Student's t). */
import { normalQuantile, studentTQuantile } from "./distributions.js";
import type { Interval, ValueSummary } from "./types.js";

/**
 * Wilson score interval for `converted` out of `exposed` (E. B. Wilson, 1927). Unlike the Wald
 * interval it stays inside [0, 1] and keeps its coverage near 0 % and 100 %.
 * `[0, 1]` when nothing was exposed.
 */
export function wilsonInterval(converted: number, exposed: number, confidence = 0.95): Interval {
  if (!(exposed > 0)) return [0, 1];
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const rate = converted / exposed;
  const z2n = (z * z) / exposed;
  const centre = (rate + z2n / 2) / (1 + z2n);
  const halfWidth =
    (z * Math.sqrt((rate * (1 - rate)) / exposed + z2n / (4 * exposed))) / (1 + z2n);
  return [Math.max(0, centre - halfWidth), Math.min(1, centre + halfWidth)];
}

/** Mean, sample variance and count of a value metric; variance 0 below two observations. */
export function describe(summary: ValueSummary): { n: number; mean: number; variance: number } {
  const { n, sum, sumSquares } = summary;
  if (!(n > 0)) return { n: 0, mean: 0, variance: 0 };
  const mean = sum / n;
  // sumSquares − sum²/n loses digits when the mean is large; clamp the rounding below zero.
  const variance = n > 1 ? Math.max(0, (sumSquares - (sum * sum) / n) / (n - 1)) : 0;
  return { n, mean, variance };
}

/** The mean of a value metric with a t-based interval; `interval` is null below two observations. */
export function meanInterval(
  summary: ValueSummary,
  confidence = 0.95,
): { mean: number; interval: Interval | null } {
  const { n, mean, variance } = describe(summary);
  if (n < 2) return { mean, interval: null };
  const halfWidth = studentTQuantile(1 - (1 - confidence) / 2, n - 1) * Math.sqrt(variance / n);
  return { mean, interval: [mean - halfWidth, mean + halfWidth] };
}
