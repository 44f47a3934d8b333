/** Shapes shared by the statistics functions. */

/** A binomial metric for one variation: contexts exposed, and how many of them converted. */
export interface Proportion {
  exposed: number;
  converted: number;
}

/** A value metric for one variation, as running sums (so results never rescan raw events). */
export interface ValueSummary {
  n: number;
  sum: number;
  sumSquares: number;
}

/** A two-sided interval; `null` where the data cannot support one (no exposures, zero rate…). */
export type Interval = [low: number, high: number];
