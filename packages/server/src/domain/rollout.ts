/**
 * Percentages → weights. A rollout percentage gives one variation that share and the rest to
 * the flag's off variation (or the next one); a split gives each named variation its share.
 * Weights are integers in 0.001 % that always sum to exactly 100000 (largest remainder).
 */
import type { Rollout, Serve, Variation } from "@flagswitch/core";
import { bodyError, problems } from "../http/problem.js";

export const TOTAL_WEIGHT = 100_000;

export interface RolloutRequest {
  /** Share (0–100, up to three decimals) for `variation`. */
  percentage?: number | undefined;
  variation?: string | undefined;
  /** Share per variation key; must add up to 100. */
  split?: Record<string, number> | undefined;
  bucketBy?: string | undefined;
}

export function rolloutWeights(
  variations: Variation[],
  offVariation: number,
  request: RolloutRequest,
): number[] {
  if (request.split !== undefined) return splitWeights(variations, request.split);
  const percentage = request.percentage ?? 0;
  const chosen =
    request.variation === undefined
      ? defaultChosen(variations, offVariation)
      : indexOf(variations, request.variation, "/variation");
  const rest =
    offVariation !== chosen ? offVariation : variations.findIndex((_, index) => index !== chosen);
  if (rest < 0) {
    throw problems.unprocessable(
      "rollout-needs-two-variations",
      "a rollout needs at least two variations",
      [bodyError("/percentage", "the flag has a single variation")],
    );
  }
  const weights = variations.map(() => 0);
  const share = Math.round(percentage * 1000);
  weights[chosen] = share;
  weights[rest] = TOTAL_WEIGHT - share;
  return weights;
}

export function rolloutServe(
  existing: Serve,
  weights: number[],
  bucketBy: string | undefined,
): Serve {
  const rollout: Rollout = { weights };
  const keptBucketBy = bucketBy ?? ("rollout" in existing ? existing.rollout.bucketBy : undefined);
  if (keptBucketBy !== undefined) rollout.bucketBy = keptBucketBy;
  return { rollout };
}

function defaultChosen(variations: Variation[], offVariation: number): number {
  const trueIndex = variations.findIndex((variation) => variation.value === true);
  if (trueIndex >= 0) return trueIndex;
  const firstOther = variations.findIndex((_, index) => index !== offVariation);
  return Math.max(firstOther, 0);
}

function indexOf(variations: Variation[], key: string, pointer: string): number {
  const index = variations.findIndex((variation) => variation.key === key);
  if (index < 0) {
    throw problems.unprocessable("unknown-variation", `the flag has no variation "${key}"`, [
      bodyError(
        pointer,
        `no variation "${key}"; the flag has ${variations.map((v) => `"${v.key}"`).join(", ")}`,
      ),
    ]);
  }
  return index;
}

function splitWeights(variations: Variation[], split: Record<string, number>): number[] {
  const exact = variations.map(() => 0);
  for (const [key, percentage] of Object.entries(split)) {
    exact[indexOf(variations, key, `/split/${key}`)] = percentage * 1000;
  }
  const total = exact.reduce((sum, value) => sum + value, 0);
  if (Math.abs(total - TOTAL_WEIGHT) > 1) {
    throw problems.unprocessable(
      "split-not-100",
      `the split adds up to ${total / 1000} %, not 100 %`,
      [bodyError("/split", `shares must add up to 100 (they add up to ${total / 1000})`)],
    );
  }
  // Largest remainder: floor everything, then hand out the missing units by biggest fraction.
  const weights = exact.map(Math.floor);
  let missing = TOTAL_WEIGHT - weights.reduce((sum, value) => sum + value, 0);
  const order = exact
    .map((value, index) => ({ index, fraction: value - Math.floor(value) }))
    .sort((a, b) => b.fraction - a.fraction || a.index - b.index);
  for (const { index } of order) {
    if (missing <= 0) break;
    weights[index] = (weights[index] as number) + 1;
    missing -= 1;
  }
  return weights;
}
