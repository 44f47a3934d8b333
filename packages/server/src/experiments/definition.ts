/**
 * What an experiment measures and how it splits traffic: its metrics, its control variation, and
 * the rollout (the fallthrough's, or one rule's) whose weights assign contexts to variations.
 */
import type { Rollout, Serve } from "@flagswitch/core";
import { fromJson, fromJsonOrNull } from "../db/json.js";
import type { ExperimentRow } from "../db/schema.js";
import type { FlagSettings } from "../domain/flag-model.js";

export type MetricKind = "binomial" | "value";

/**
 * A conversion event measured per context: `binomial` — did the context convert at least once;
 * `value` — the sum of its `track` values (e.g. revenue), averaged over every exposed context.
 */
export interface MetricDefinition {
  eventKey: string;
  kind: MetricKind;
}

/** The split when the experiment started (or when a forced change replaced it). */
export interface ExperimentSplit {
  variations: string[];
  /** In 0.001 % units, one per variation, summing to 100000. */
  weights: number[];
  bucketBy?: string;
}

export interface ExperimentDefinition {
  /** The control's variation key; `null` means the flag's first variation. */
  control: string | null;
  /** The rule whose rollout is the experiment; `null` means the fallthrough. */
  rule: string | null;
  primaryMetric: MetricDefinition | null;
  secondaryMetrics: MetricDefinition[];
  split: ExperimentSplit | null;
}

export function definitionOf(
  row: Pick<
    ExperimentRow,
    "control_variation" | "rule_id" | "primary_metric" | "secondary_metrics" | "split"
  >,
): ExperimentDefinition {
  return {
    control: row.control_variation,
    rule: row.rule_id,
    primaryMetric: fromJsonOrNull<MetricDefinition>(row.primary_metric),
    secondaryMetrics: fromJson<MetricDefinition[]>(row.secondary_metrics),
    split: fromJsonOrNull<ExperimentSplit>(row.split),
  };
}

/** Primary first, then the secondary metrics in their order. */
export function metricsOf(definition: ExperimentDefinition): MetricDefinition[] {
  return definition.primaryMetric
    ? [definition.primaryMetric, ...definition.secondaryMetrics]
    : [...definition.secondaryMetrics];
}

/** The distinct conversion event keys an experiment aggregates (a key may back two metrics). */
export function eventKeysOf(definition: ExperimentDefinition): string[] {
  return [...new Set(metricsOf(definition).map((metric) => metric.eventKey))];
}

/** The serve that splits the experiment's traffic; `undefined` when the rule no longer exists. */
export function experimentServe(settings: FlagSettings, ruleId: string | null): Serve | undefined {
  if (ruleId === null) return settings.fallthrough;
  return settings.rules.find((rule) => rule.id === ruleId)?.serve;
}

export function experimentRollout(
  settings: FlagSettings,
  ruleId: string | null,
): Rollout | undefined {
  const serve = experimentServe(settings, ruleId);
  return serve && "rollout" in serve ? serve.rollout : undefined;
}

/** The split this configuration applies, or `null` when the experiment's serve is no rollout. */
export function splitOf(settings: FlagSettings, ruleId: string | null): ExperimentSplit | null {
  const rollout = experimentRollout(settings, ruleId);
  if (!rollout) return null;
  const split: ExperimentSplit = {
    variations: settings.variations.map((variation) => variation.key),
    weights: [...rollout.weights],
  };
  if (rollout.bucketBy !== undefined) split.bucketBy = rollout.bucketBy;
  return split;
}

/**
 * What a change does to a running experiment: `variations` when the flag's variations (keys or
 * values) change, `split` when the experiment's serve changes (weights, bucketing, or no rollout
 * any more). Anything else (on/off, targets, other rules) leaves the experiment's assignment alone.
 */
export function experimentChanges(
  before: FlagSettings,
  after: FlagSettings,
  ruleId: string | null,
): Array<"variations" | "split"> {
  const changes: Array<"variations" | "split"> = [];
  const variations = (settings: FlagSettings) =>
    JSON.stringify(settings.variations.map(({ key, value }) => [key, value]));
  if (variations(before) !== variations(after)) changes.push("variations");
  // Compared by meaning, not by JSON text: key order or an explicit default bucketBy is no change.
  const serve = (settings: FlagSettings) => {
    const current = experimentServe(settings, ruleId);
    if (current === undefined) return "none";
    if ("variation" in current) return `variation:${current.variation}`;
    return `rollout:${current.rollout.bucketBy ?? "key"}:${current.rollout.weights.join(",")}`;
  };
  if (serve(before) !== serve(after)) changes.push("split");
  return changes;
}
