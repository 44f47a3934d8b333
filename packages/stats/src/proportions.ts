/**
 * Frequentist and Bayesian comparison of a treatment's conversion rate with the control's.
 * - p-value: two-sided two-proportion z-test with pooled variance (the textbook test for
 *   H0: equal rates);
 * - absolute lift interval: unpooled (Wald) standard error of the difference;
 * - relative lift interval: delta method on log(rate_T / rate_C) (Katz et al., 1978), which
 *   keeps the interval asymmetric like the ratio itself.
 */
import { bayesianComparison } from "./bayesian.js";
import { normalCdf, normalQuantile } from "./distributions.js";
import type { Interval, Proportion } from "./types.js";

export interface ProportionComparison {
  controlRate: number;
  treatmentRate: number;
  absoluteLift: number;
  absoluteLiftInterval: Interval | null;
  /** rate_T / rate_C − 1; `null` when the control never converted. */
  relativeLift: number | null;
  relativeLiftInterval: Interval | null;
  zScore: number;
  pValue: number;
  chanceToBeatControl: number;
  expectedLoss: number;
}

export function compareProportions(
  control: Proportion,
  treatment: Proportion,
  confidence = 0.95,
): ProportionComparison {
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const controlRate = rate(control);
  const treatmentRate = rate(treatment);
  const absoluteLift = treatmentRate - controlRate;
  const bothExposed = control.exposed > 0 && treatment.exposed > 0;

  const pooled = (control.converted + treatment.converted) / (control.exposed + treatment.exposed);
  const pooledError = Math.sqrt(
    pooled * (1 - pooled) * (1 / control.exposed + 1 / treatment.exposed),
  );
  const zScore = bothExposed && pooledError > 0 ? absoluteLift / pooledError : 0;
  const pValue = bothExposed && pooledError > 0 ? 2 * normalCdf(-Math.abs(zScore)) : 1;

  const error = Math.sqrt(
    (controlRate * (1 - controlRate)) / control.exposed +
      (treatmentRate * (1 - treatmentRate)) / treatment.exposed,
  );
  const absoluteLiftInterval: Interval | null =
    bothExposed && error > 0 ? [absoluteLift - z * error, absoluteLift + z * error] : null;

  const relativeLift = controlRate > 0 ? treatmentRate / controlRate - 1 : null;
  let relativeLiftInterval: Interval | null = null;
  if (control.converted > 0 && treatment.converted > 0) {
    const logRatio = Math.log(treatmentRate / controlRate);
    const logError = Math.sqrt(logRatioVariance(treatment) + logRatioVariance(control));
    relativeLiftInterval = [
      Math.exp(logRatio - z * logError) - 1,
      Math.exp(logRatio + z * logError) - 1,
    ];
  }

  return {
    controlRate,
    treatmentRate,
    absoluteLift,
    absoluteLiftInterval,
    relativeLift,
    relativeLiftInterval,
    zScore,
    pValue,
    ...bayesianComparison(control, treatment),
  };
}

/**
 * One variation's share of Var(log(rate_T / rate_C)): 1/converted − 1/exposed (Katz). When every
 * context converted that is 0, which would claim certainty; Haldane's correction (half a context
 * added to each outcome) keeps the interval honest there.
 */
function logRatioVariance({ exposed, converted }: Proportion): number {
  if (converted < exposed) return 1 / converted - 1 / exposed;
  return 1 / (converted + 0.5) - 1 / (exposed + 1);
}

function rate({ exposed, converted }: Proportion): number {
  return exposed > 0 ? converted / exposed : 0;
}
