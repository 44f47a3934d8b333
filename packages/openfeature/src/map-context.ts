/**
 * OpenFeature evaluation context → FlagSwitch context. OpenFeature names the subject
 * `targetingKey`; FlagSwitch names it `key`. Dates become ISO-8601 strings, which the
 * `before`/`after` operators compare.
 */
import type { EvaluationContext } from "@flagswitch/core";
import type { EvaluationContext as OpenFeatureContext } from "@openfeature/core";

export function toFlagSwitchContext(context: OpenFeatureContext | undefined): EvaluationContext {
  const converted: EvaluationContext = {};
  if (!context) return converted;
  for (const [attribute, value] of Object.entries(context)) {
    if (attribute === "targetingKey" || value === undefined) continue;
    converted[attribute] = toAttribute(value);
  }
  if (typeof context.targetingKey === "string") converted.key = context.targetingKey;
  return converted;
}

function toAttribute(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toAttribute);
  return value;
}
