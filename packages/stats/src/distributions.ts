/**
 * Cumulative distribution and quantile functions of the standard normal, Student's t and
 * chi-square distributions, built on special-functions.ts.
 */
import { incompleteBeta, logBeta, upperIncompleteGamma } from "./special-functions.js";

/** Φ(z), the standard normal CDF: erfc through the incomplete gamma, erfc(x) = Q(½, x²). */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  const tail = 0.5 * upperIncompleteGamma(0.5, (z * z) / 2);
  return z < 0 ? tail : 1 - tail;
}

/** The standard normal density. */
export function normalPdf(z: number): number {
  return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
}

// P. J. Acklam's rational approximation of the normal quantile (relative error < 1.15e-9),
// refined below by one Halley step to full double precision. Coefficients highest power first.
const CENTRAL_NUMERATOR = [
  -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
  2.506628277459239,
];
const CENTRAL_DENOMINATOR = [
  -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  1,
];
const TAIL_NUMERATOR = [
  -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734,
  4.374664141464968, 2.938163982698783,
];
const TAIL_DENOMINATOR = [
  0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416, 1,
];
const P_LOW = 0.02425;

/** Φ⁻¹(p), the standard normal quantile. */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) return p === 0 ? -Infinity : p === 1 ? Infinity : Number.NaN;
  let x: number;
  if (p < P_LOW || p > 1 - P_LOW) {
    const q = Math.sqrt(-2 * Math.log(Math.min(p, 1 - p)));
    x = horner(TAIL_NUMERATOR, q) / horner(TAIL_DENOMINATOR, q);
    if (p > 0.5) x = -x;
  } else {
    const q = p - 0.5;
    x = (q * horner(CENTRAL_NUMERATOR, q * q)) / horner(CENTRAL_DENOMINATOR, q * q);
  }
  const error = normalCdf(x) - p;
  const u = error * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

function horner(coefficients: readonly number[], x: number): number {
  let value = 0;
  for (const coefficient of coefficients) value = value * x + coefficient;
  return value;
}

/** P(T ≤ t) for Student's t with `df` degrees of freedom (any real df > 0). */
export function studentTCdf(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return Number.NaN;
  if (!Number.isFinite(t)) return t > 0 ? 1 : 0;
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t > 0 ? 1 - tail : tail;
}

function studentTPdf(t: number, df: number): number {
  return Math.exp(
    -((df + 1) / 2) * Math.log1p((t * t) / df) - 0.5 * Math.log(df) - logBeta(df / 2, 0.5),
  );
}

/** The `p` quantile of Student's t: Newton's method from the normal quantile, kept in a bracket. */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0)) return Number.NaN;
  if (df === 1) return Math.tan(Math.PI * (p - 0.5));
  if (df === 2) return (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
  // Widen the bracket until it holds the quantile: heavy tails (df near 1) reach far out.
  let low = -1;
  let high = 1;
  while (studentTCdf(low, df) > p) low *= 2;
  while (studentTCdf(high, df) < p) high *= 2;
  let t = Math.min(high, Math.max(low, normalQuantile(p)));
  for (let i = 0; i < 200; i++) {
    const error = studentTCdf(t, df) - p;
    if (Math.abs(error) <= 1e-15 * Math.max(p, 1e-300) || high - low <= 1e-15 * Math.abs(t)) break;
    if (error > 0) high = t;
    else low = t;
    const next = t - error / studentTPdf(t, df);
    t = next > low && next < high ? next : (low + high) / 2;
  }
  return t;
}

/** P(X ≥ x) for a chi-square variable with `df` degrees of freedom. */
export function chiSquareSurvival(x: number, df: number): number {
  if (!(df > 0) || Number.isNaN(x)) return Number.NaN;
  return upperIncompleteGamma(df / 2, Math.max(0, x) / 2);
}
