/**
 * @flagswitch/stats — the statistics behind experiment results, shared by the server, the CLI and
 * the dashboard. Pure functions, no dependencies. See README.md for methods and assumptions.
 */
export { bayesianComparison, posterior } from "./bayesian.js";
export {
  chiSquareSurvival,
  normalCdf,
  normalQuantile,
  studentTCdf,
  studentTQuantile,
} from "./distributions.js";
export { describe, meanInterval, wilsonInterval } from "./intervals.js";
export { holmBonferroni } from "./multiple-testing.js";
export { compareProportions, type ProportionComparison } from "./proportions.js";
export {
  SAMPLE_RATIO_THRESHOLD,
  type SampleRatioResult,
  sampleRatioMismatch,
} from "./sample-ratio.js";
export type { Interval, Proportion, ValueSummary } from "./types.js";
export { type VerdictInput, type VerdictOutcome, verdict } from "./verdict.js";
export { type WelchResult, welchTest } from "./welch.js";
