/**
 * A plain-language verdict for one treatment against control on one metric. It never names a
 * winner without significance, and says so when there is not yet enough data.
 */
import type { Interval } from "./types.js";

export interface VerdictInput {
  control: string;
  treatment: string;
  metric: string;
  /** Relative lift (0.123 = +12.3 %) and its interval; `null` when it cannot be computed. */
  relativeLift: number | null;
  relativeLiftInterval: Interval | null;
  /** The p-value to judge by (Holm-adjusted when there are several treatments). */
  pValue: number;
  chanceToBeatControl?: number | undefined;
  alpha?: number | undefined;
  confidence?: number | undefined;
  /** Set when a sample-ratio mismatch makes every comparison untrustworthy. */
  sampleRatioMismatch?: boolean | undefined;
}

export type VerdictOutcome = "winner" | "loser" | "inconclusive" | "insufficient-data" | "invalid";

export function verdict(input: VerdictInput): { outcome: VerdictOutcome; text: string } {
  const { control, treatment, metric, relativeLift, relativeLiftInterval, pValue } = input;
  const alpha = input.alpha ?? 0.05;
  const confidence = Math.round((input.confidence ?? 0.95) * 100);
  if (input.sampleRatioMismatch) {
    return {
      outcome: "invalid",
      text: `Results on ${metric} cannot be trusted: the exposed counts do not match the configured split (sample-ratio mismatch). Check assignment and event delivery before reading them.`,
    };
  }
  if (relativeLift === null || relativeLiftInterval === null) {
    return {
      outcome: "insufficient-data",
      text: `Not enough data yet to compare ${treatment} with ${control} on ${metric}.`,
    };
  }
  const details =
    `${percent(relativeLift)} (${confidence} % CI ${percent(relativeLiftInterval[0])} … ${percent(relativeLiftInterval[1])}), ` +
    `p = ${formatP(pValue)}` +
    (input.chanceToBeatControl === undefined
      ? ""
      : `, ${(input.chanceToBeatControl * 100).toFixed(1)} % chance to beat control`);
  if (pValue < alpha && relativeLift > 0)
    return { outcome: "winner", text: `${treatment} beats ${control} on ${metric}: ${details}` };
  if (pValue < alpha && relativeLift < 0)
    return {
      outcome: "loser",
      text: `${treatment} is worse than ${control} on ${metric}: ${details}`,
    };
  return {
    outcome: "inconclusive",
    text: `No significant difference between ${treatment} and ${control} on ${metric} yet: ${details}`,
  };
}

function percent(fraction: number): string {
  const value = (fraction * 100).toFixed(1);
  return `${fraction >= 0 ? "+" : "−"}${value.replace("-", "")} %`;
}

function formatP(p: number): string {
  if (p < 0.001) return "< 0.001";
  return p < 0.01 ? p.toFixed(3) : p.toFixed(2);
}
