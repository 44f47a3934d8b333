/**
 * The shape of `GET /api/v1/projects/:project/experiments/:key/results` (issue 6): per metric,
 * per variation exposure and conversion counts, rates with 95 % intervals, and the comparison of
 * each treatment with control (lift with intervals, p-values, chance to beat control), plus the
 * sample-ratio-mismatch check and the plain-language verdict.
 */
import type { MetricKind } from "./types.ts";

export type Interval = [low: number, high: number];

export interface VariationComparison {
  absoluteLift: number;
  absoluteLiftInterval?: Interval;
  relativeLift: number;
  relativeLiftInterval: Interval;
  pValue: number;
  /** Holm–Bonferroni adjusted when several treatments are compared with control. */
  adjustedPValue?: number;
  chanceToBeatControl: number;
  expectedLoss?: number;
  significant?: boolean;
}

export interface VariationResult {
  variation: string;
  isControl?: boolean;
  exposed: number;
  /** Binomial metrics: contexts that converted at least once. */
  converted?: number;
  /** Binomial: the conversion rate; value metrics: the mean per exposed context. */
  rate: number;
  interval: Interval;
  /** Against control; absent on the control row. */
  comparison?: VariationComparison | null;
}

export interface MetricResult {
  eventKey: string;
  kind: MetricKind;
  primary?: boolean;
  variations: VariationResult[];
  verdict?: string;
}

export interface SampleRatioCheck {
  chiSquare: number;
  pValue: number;
  /** True when p < 0.001: the split is not what was configured; results are suspect. */
  mismatch: boolean;
  expected?: Record<string, number>;
  observed?: Record<string, number>;
}

export interface ExperimentResults {
  experiment: string;
  status?: string;
  control: string;
  computedAt?: string;
  metrics: MetricResult[];
  srm: SampleRatioCheck;
  /** Contexts exposed to more than one variation (excluded from the counts). */
  multipleExposures?: number;
  verdict: string;
}
