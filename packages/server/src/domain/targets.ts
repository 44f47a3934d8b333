/**
 * Individual targets: a context key is served one variation. A key sits in at most one target
 * list, so adding it to one takes it out of the others.
 */
import type { Target, Variation } from "@flagswitch/core";
import { bodyError, problems } from "../http/problem.js";

export function addTargets(
  targets: Target[],
  variations: Variation[],
  variationKey: string,
  values: string[],
): Target[] {
  const variation = variations.findIndex((candidate) => candidate.key === variationKey);
  if (variation < 0) {
    throw problems.unprocessable(
      "unknown-variation",
      `the flag has no variation "${variationKey}"`,
      [bodyError("/variation", `no variation "${variationKey}"`)],
    );
  }
  const adding = new Set(values);
  const others = targets
    .map((target) => ({ ...target, values: target.values.filter((value) => !adding.has(value)) }))
    .filter((target) => target.values.length > 0 || target.variation === variation);
  const existing = others.find((target) => target.variation === variation);
  if (existing) {
    existing.values = [
      ...existing.values,
      ...[...adding].filter((value) => !existing.values.includes(value)),
    ];
    return others;
  }
  return [...others, { variation, values: [...adding] }];
}

export function removeTargets(
  targets: Target[],
  variations: Variation[],
  values: string[],
  variationKey: string | undefined,
): Target[] {
  let only: number | undefined;
  if (variationKey !== undefined) {
    only = variations.findIndex((candidate) => candidate.key === variationKey);
    if (only < 0) {
      throw problems.unprocessable(
        "unknown-variation",
        `the flag has no variation "${variationKey}"`,
        [bodyError("/variation", `no variation "${variationKey}"`)],
      );
    }
  }
  const removing = new Set(values);
  return targets
    .map((target) =>
      only === undefined || target.variation === only
        ? { ...target, values: target.values.filter((value) => !removing.has(value)) }
        : target,
    )
    .filter((target) => target.values.length > 0);
}
