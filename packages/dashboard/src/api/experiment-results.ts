/**
 * The shape of `GET /api/v1/projects/:project/experiments/:key/results` as the server answers it
 * (packages/server/src/schemas/experiment-results.ts, issue 6): per metric and variation the
 * exposed and converting contexts, the rate (or mean) with its 95 % interval, and each
 * treatment's comparison with control (lift with intervals, p-values, chance to beat control);
 * the sample-ratio check, health warnings and the plain-language verdict.
 */
import type { MetricKind } from "./types.ts";

/** A 95 % interval `[low, high]`; `null` when the data cannot support one yet. */
export type Interval = [low: number, high: number] | null;

export type VerdictOutcome = "winner" | "loser" | "inconclusive" | "insufficient-data" | "invalid";

export interface Verdict {
  outcome: VerdictOutcome;
  /** One plain sentence; names a winner only when significant. */
  text: string;
}

export interface VariationComparison {
  /** Treatment − control (rate, or mean value). */
  absoluteLift: number;
  absoluteLiftInterval: Interval;
  /** Treatment / control − 1; `null` when control is 0. */
  relativeLift: number | null;
  relativeLiftInterval: Interval;
  pValue: number;
  /** Holm–Bonferroni over the metric's treatments: what the verdict uses. */
  adjustedPValue: number;
  /** Binomial metrics only. */
  chanceToBeatControl: number | null;
  expectedLoss: number | null;
  verdict: Verdict;
}

export interface VariationResult {
  variation: string;
  control: boolean;
  exposed: number;
  /** Contexts with at least one counted conversion. */
  converting: number;
  /** Sum of the counted values (value metrics). */
  sum: number;
  /** Binomial: the conversion rate; value metrics: the mean per exposed context. */
  estimate: number;
  interval: Interval;
  /** Against control; `null` on the control row. */
  comparison: VariationComparison | null;
}

export interface MetricResult {
  eventKey: string;
  kind: MetricKind;
  primary: boolean;
  variations: VariationResult[];
}

export interface VariationSummary {
  key: string;
  control: boolean;
  /** The configured split, in 0.001 % units. */
  weight: number;
  exposed: number;
}

export interface ExperimentResults {
  experiment: {
    key: string;
    project: string;
    flag: string;
    environment: string;
    status: "draft" | "running" | "stopped";
    hypothesis: string;
    startedAt: string | null;
    stoppedAt: string | null;
  };
  generatedAt: string;
  controlVariation: string | null;
  alpha: number;
  variations: VariationSummary[];
  sampleRatio: {
    chiSquare: number;
    degreesOfFreedom: number;
    pValue: number;
    /** p < 0.001: the exposed counts do not fit the configured split; results are suspect. */
    mismatch: boolean;
  };
  health: {
    excludedContexts: number;
    conversionsBeforeExposure: number;
    forcedChanges: number;
    warnings: string[];
  };
  metrics: MetricResult[];
  /** About the primary metric. */
  verdict: Verdict;
}
