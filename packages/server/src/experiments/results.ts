/**
 * An experiment's results from its aggregates: per metric and variation, the rate (or mean) with
 * its interval, the comparison with control (lift, p-value, Holm-adjusted p-value, Bayesian chance
 * to beat control and expected loss), the sample-ratio check and plain-language verdicts. Pure:
 * every statistic comes from @flagswitch/stats; this file only decides what to compare.
 */
import {
  compareProportions,
  holmBonferroni,
  type Interval,
  meanInterval,
  sampleRatioMismatch,
  type VerdictOutcome,
  verdict,
  welchTest,
  wilsonInterval,
} from "@flagswitch/stats";
import type { ExperimentTotals } from "../db/repositories/experiment-aggregates.js";
import type { ExperimentDefinition, MetricDefinition, MetricKind } from "./definition.js";
import { metricsOf } from "./definition.js";

export const ALPHA = 0.05;

export interface VariationSummary {
  key: string;
  control: boolean;
  /** Configured weight in 0.001 % units (0 for a variation outside the recorded split). */
  weight: number;
  exposed: number;
}

export interface Comparison {
  absoluteLift: number;
  absoluteLiftInterval: Interval | null;
  relativeLift: number | null;
  relativeLiftInterval: Interval | null;
  pValue: number;
  /** Holm–Bonferroni over the treatments of this metric (equals pValue with one treatment). */
  adjustedPValue: number;
  /** Binomial metrics only: P(rate_T > rate_C) under Beta(1 + converted, 1 + not) posteriors. */
  chanceToBeatControl: number | null;
  /** Binomial metrics only: E[max(rate_C − rate_T, 0)]. */
  expectedLoss: number | null;
  verdict: { outcome: VerdictOutcome; text: string };
}

export interface MetricVariationResult {
  variation: string;
  control: boolean;
  exposed: number;
  /** Contexts with at least one counted conversion. */
  converting: number;
  /** Sum of the counted values (value metrics; 0 for binomial ones). */
  sum: number;
  /** Binomial: conversion rate; value: mean value per exposed context. */
  estimate: number;
  /** Binomial: Wilson 95 % interval; value: Student-t 95 % interval. */
  interval: Interval | null;
  comparison: Comparison | null;
}

export interface MetricResult {
  eventKey: string;
  kind: MetricKind;
  primary: boolean;
  variations: MetricVariationResult[];
}

export interface ExperimentResults {
  controlVariation: string | null;
  alpha: number;
  variations: VariationSummary[];
  sampleRatio: {
    chiSquare: number;
    degreesOfFreedom: number;
    pValue: number;
    mismatch: boolean;
  };
  health: {
    excludedContexts: number;
    conversionsBeforeExposure: number;
    forcedChanges: number;
    warnings: string[];
  };
  metrics: MetricResult[];
  /** About the primary metric, every treatment against control. */
  verdict: { outcome: VerdictOutcome; text: string };
}

const zeroMetric = { converting: 0, sum: 0, sumSquares: 0 };

export function computeResults(
  definition: ExperimentDefinition,
  totals: ExperimentTotals,
  forcedChanges: number,
): ExperimentResults {
  const variations = variationsOf(definition, totals);
  const control = variations.find((variation) => variation.control) ?? null;
  const sampleRatio = sampleRatioMismatch(
    variations.map((variation) => variation.exposed),
    variations.map((variation) => variation.weight),
  );
  const metrics = metricsOf(definition).map((metric, index) =>
    metricResult(
      metric,
      index === 0 && definition.primaryMetric !== null,
      variations,
      totals,
      sampleRatio.mismatch,
    ),
  );
  const warnings: string[] = [];
  if (sampleRatio.mismatch) {
    warnings.push(
      `sample-ratio mismatch: exposed counts ${variations.map((v) => `${v.key} ${v.exposed}`).join(", ")} do not fit the configured split (p = ${sampleRatio.pValue.toExponential(2)} < 0.001); do not trust these results`,
    );
  }
  if (totals.excludedContexts > 0) {
    warnings.push(
      `${totals.excludedContexts} context(s) were exposed to more than one variation and are excluded from every count`,
    );
  }
  if (totals.conversionsBeforeExposure > 0) {
    warnings.push(
      `${totals.conversionsBeforeExposure} conversion(s) happened before the context's first exposure and were not counted`,
    );
  }
  if (forcedChanges > 0) {
    warnings.push(
      `the flag's variations or split were changed ${forcedChanges} time(s) while the experiment ran (forced): contexts assigned under different configurations are mixed`,
    );
  }
  const primary = metrics.find((metric) => metric.primary);
  return {
    controlVariation: control?.key ?? null,
    alpha: ALPHA,
    variations,
    sampleRatio: {
      chiSquare: sampleRatio.chiSquare,
      degreesOfFreedom: sampleRatio.degreesOfFreedom,
      pValue: sampleRatio.pValue,
      mismatch: sampleRatio.mismatch,
    },
    health: {
      excludedContexts: totals.excludedContexts,
      conversionsBeforeExposure: totals.conversionsBeforeExposure,
      forcedChanges,
      warnings,
    },
    metrics,
    verdict: overallVerdict(primary),
  };
}

/** The recorded split's variations in order, then any exposed variation outside it. */
function variationsOf(
  definition: ExperimentDefinition,
  totals: ExperimentTotals,
): VariationSummary[] {
  const keys = definition.split ? [...definition.split.variations] : [];
  for (const key of totals.exposed.keys()) if (!keys.includes(key)) keys.push(key);
  const controlKey = definition.control ?? keys[0] ?? null;
  return keys.map((key) => {
    const index = definition.split?.variations.indexOf(key) ?? -1;
    return {
      key,
      control: key === controlKey,
      weight: index >= 0 ? (definition.split?.weights[index] ?? 0) : 0,
      exposed: totals.exposed.get(key) ?? 0,
    };
  });
}

function metricResult(
  metric: MetricDefinition,
  primary: boolean,
  variations: VariationSummary[],
  totals: ExperimentTotals,
  mismatch: boolean,
): MetricResult {
  const rows = variations.map((variation) => {
    const sums = totals.metrics.get(variation.key)?.get(metric.eventKey) ?? zeroMetric;
    return {
      variation,
      sums,
      value: { n: variation.exposed, sum: sums.sum, sumSquares: sums.sumSquares },
    };
  });
  const controlRow = rows.find((row) => row.variation.control);
  const treatments = rows.filter((row) => row !== controlRow && row.variation.weight > 0);
  const comparisons = new Map<string, Omit<Comparison, "adjustedPValue" | "verdict">>();
  if (controlRow) {
    for (const row of treatments) {
      if (metric.kind === "binomial") {
        const result = compareProportions(
          { exposed: controlRow.variation.exposed, converted: controlRow.sums.converting },
          { exposed: row.variation.exposed, converted: row.sums.converting },
        );
        comparisons.set(row.variation.key, {
          absoluteLift: result.absoluteLift,
          absoluteLiftInterval: result.absoluteLiftInterval,
          relativeLift: result.relativeLift,
          relativeLiftInterval: result.relativeLiftInterval,
          pValue: result.pValue,
          chanceToBeatControl: result.chanceToBeatControl,
          expectedLoss: result.expectedLoss,
        });
      } else {
        const result = welchTest(controlRow.value, row.value);
        comparisons.set(row.variation.key, {
          absoluteLift: result.meanDifference,
          absoluteLiftInterval: result.interval,
          relativeLift: result.relativeLift,
          relativeLiftInterval: result.relativeLiftInterval,
          pValue: result.pValue,
          chanceToBeatControl: null,
          expectedLoss: null,
        });
      }
    }
  }
  const compared = [...comparisons];
  const adjusted = holmBonferroni(compared.map(([, comparison]) => comparison.pValue));
  const adjustedOf = new Map(compared.map(([key], index) => [key, adjusted[index] ?? 1]));

  return {
    eventKey: metric.eventKey,
    kind: metric.kind,
    primary,
    variations: rows.map(({ variation, sums, value }) => {
      const binomial = metric.kind === "binomial";
      const estimate = binomial
        ? variation.exposed > 0
          ? sums.converting / variation.exposed
          : 0
        : meanInterval(value).mean;
      const interval = binomial
        ? variation.exposed > 0
          ? wilsonInterval(sums.converting, variation.exposed)
          : null
        : meanInterval(value).interval;
      const comparison = comparisons.get(variation.key);
      const adjustedPValue = adjustedOf.get(variation.key) ?? 1;
      return {
        variation: variation.key,
        control: variation.control,
        exposed: variation.exposed,
        converting: sums.converting,
        sum: sums.sum,
        estimate: Number.isFinite(estimate) ? estimate : 0,
        interval,
        comparison:
          comparison && controlRow
            ? {
                ...comparison,
                adjustedPValue,
                verdict: verdict({
                  control: controlRow.variation.key,
                  treatment: variation.key,
                  metric: metric.eventKey,
                  relativeLift: comparison.relativeLift,
                  relativeLiftInterval: comparison.relativeLiftInterval,
                  pValue: adjustedPValue,
                  chanceToBeatControl: comparison.chanceToBeatControl ?? undefined,
                  alpha: ALPHA,
                  sampleRatioMismatch: mismatch,
                }),
              }
            : null,
      };
    }),
  };
}

/** One sentence per treatment on the primary metric; the outcome names a winner only if one is significant. */
function overallVerdict(primary: MetricResult | undefined): {
  outcome: VerdictOutcome;
  text: string;
} {
  if (!primary) {
    return { outcome: "insufficient-data", text: "The experiment has no primary metric yet." };
  }
  const verdicts = primary.variations.flatMap((variation) =>
    variation.comparison ? [variation.comparison.verdict] : [],
  );
  if (verdicts.length === 0) {
    return {
      outcome: "insufficient-data",
      text: `Not enough data yet to compare variations on ${primary.eventKey}.`,
    };
  }
  const invalid = verdicts.find((item) => item.outcome === "invalid");
  if (invalid) return invalid;
  const outcomes = new Set(verdicts.map((item) => item.outcome));
  const outcome: VerdictOutcome = outcomes.has("winner")
    ? "winner"
    : outcomes.size === 1
      ? (verdicts[0] as { outcome: VerdictOutcome }).outcome
      : "inconclusive";
  const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);
  return { outcome, text: verdicts.map((item) => sentence(item.text)).join(" ") };
}
