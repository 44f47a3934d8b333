/**
 * Rollout arithmetic. Weights are integers in units of 0.001 % that sum to 100000 (one per
 * variation); people think in percentages with up to three decimals. Everything here is exact
 * integer work on weights, so 5 → 25 → 50 → 100 % is exactly 5000 → 25000 → 50000 → 100000.
 */

export const TOTAL_WEIGHT = 100_000;
/** The steps a gradual rollout usually takes. */
export const ROLLOUT_STEPS: readonly number[] = [5, 25, 50, 100];

/** 25 → 25000; rounds to the nearest representable weight (0.001 %). */
export function percentToWeight(percent: number): number {
  return Math.min(TOTAL_WEIGHT, Math.max(0, Math.round(percent * 1000)));
}

export function weightToPercent(weight: number): number {
  return weight / 1000;
}

/** 25000 → "25 %", 12345 → "12.345 %". */
export function formatWeight(weight: number): string {
  return `${formatPercentNumber(weightToPercent(weight))} %`;
}

export function formatPercentNumber(percent: number): string {
  return Number.isInteger(percent) ? String(percent) : percent.toFixed(3).replace(/0+$/, "");
}

export type ParsedPercent = { ok: true; weight: number } | { ok: false; message: string };

/** Reads what a person typed ("25", "12.5", "0.125 %") as a weight, or says what is wrong. */
export function parsePercent(text: string): ParsedPercent {
  const cleaned = text.trim().replace(/\s*%$/, "").replace(",", ".");
  if (!/^\d{1,3}(\.\d+)?$/.test(cleaned)) {
    return { ok: false, message: "enter a percentage between 0 and 100, e.g. 25 or 12.5" };
  }
  const decimals = cleaned.split(".")[1] ?? "";
  if (decimals.length > 3)
    return { ok: false, message: "at most three decimals (steps of 0.001 %)" };
  const percent = Number(cleaned);
  if (percent > 100) return { ok: false, message: "cannot exceed 100 %" };
  return { ok: true, weight: percentToWeight(percent) };
}

export function sumWeights(weights: readonly number[]): number {
  return weights.reduce((total, weight) => total + weight, 0);
}

/** Weights for a two-way rollout: `weight` to `onIndex`, the rest to `offIndex`. */
export function twoWayWeights(
  count: number,
  onIndex: number,
  offIndex: number,
  weight: number,
): number[] {
  const weights = new Array<number>(count).fill(0);
  const clamped = Math.min(TOTAL_WEIGHT, Math.max(0, Math.round(weight)));
  weights[onIndex] = clamped;
  weights[offIndex] = (weights[offIndex] ?? 0) + (TOTAL_WEIGHT - clamped);
  return weights;
}

/** An even split (the first variations take the remainder so the sum stays exact). */
export function evenWeights(count: number): number[] {
  if (count <= 0) return [];
  const base = Math.floor(TOTAL_WEIGHT / count);
  const remainder = TOTAL_WEIGHT - base * count;
  return Array.from({ length: count }, (_, index) => base + (index < remainder ? 1 : 0));
}

/**
 * Sets one variation's weight and shares what is left among the others in proportion to their
 * current weights (evenly if they were all zero), by largest remainder so the total stays 100000.
 */
export function rebalanceWeights(
  weights: readonly number[],
  index: number,
  weight: number,
): number[] {
  if (index < 0 || index >= weights.length) {
    throw new RangeError(`variation ${index} does not exist (there are ${weights.length})`);
  }
  const target = Math.min(TOTAL_WEIGHT, Math.max(0, Math.round(weight)));
  if (weights.length === 1) return [TOTAL_WEIGHT];
  const others = weights.map((value, position) => (position === index ? 0 : Math.max(0, value)));
  const othersTotal = sumWeights(others);
  const remaining = TOTAL_WEIGHT - target;
  const shares = others.map((value, position) => {
    if (position === index) return 0;
    return othersTotal === 0 ? remaining / (weights.length - 1) : (value * remaining) / othersTotal;
  });
  const result = shares.map(Math.floor);
  let leftover = remaining - sumWeights(result);
  const byRemainder = shares
    .map((share, position) => ({ position, fraction: share - Math.floor(share) }))
    .filter((entry) => entry.position !== index)
    .sort((a, b) => b.fraction - a.fraction || a.position - b.position);
  for (const entry of byRemainder) {
    if (leftover <= 0) break;
    result[entry.position] = (result[entry.position] ?? 0) + 1;
    leftover -= 1;
  }
  result[index] = target;
  return result;
}

/**
 * Which variation a percentage slider gives its share to: the `true` one, else the first that
 * is not the off variation (the server's `/rollout` action picks the same one).
 */
export function rolloutTargetIndex(values: readonly unknown[], offVariation: number): number {
  const trueIndex = values.indexOf(true);
  if (trueIndex >= 0) return trueIndex;
  const firstOther = values.findIndex((_, index) => index !== offVariation);
  return Math.max(firstOther, 0);
}

/** Where the rest of a percentage rollout goes: the off variation, else the first other one. */
export function rolloutRestIndex(count: number, offVariation: number, targetIndex: number): number {
  if (offVariation !== targetIndex && offVariation >= 0 && offVariation < count)
    return offVariation;
  for (let index = 0; index < count; index++) if (index !== targetIndex) return index;
  return targetIndex;
}
