/**
 * `RequestFlags`: the client's evaluation methods bound to one request's context, so route
 * handlers ask `req.flags.bool("new-checkout", false)` without repeating who the user is.
 */
import type { EvaluationContext, EvaluationResult, JsonValue } from "@flagswitch/core";
import type { FlagClient } from "@flagswitch/sdk";

export interface RequestFlags {
  /** The context this request's flags are evaluated for. */
  readonly context: EvaluationContext;
  bool(flagKey: string, defaultValue: boolean): boolean;
  string(flagKey: string, defaultValue: string): string;
  number(flagKey: string, defaultValue: number): number;
  json<T extends JsonValue>(flagKey: string, defaultValue: T): JsonValue;
  detail<T extends JsonValue>(flagKey: string, defaultValue: T): EvaluationResult<T | JsonValue>;
  /** Every flag's value for this request's context. */
  all(): Record<string, JsonValue>;
  /** Records a conversion for this request's context. */
  track(eventKey: string, value?: number): void;
}

export function bindRequestFlags(client: FlagClient, context: EvaluationContext): RequestFlags {
  return {
    context,
    bool: (flagKey, defaultValue) => client.boolVariation(flagKey, context, defaultValue),
    string: (flagKey, defaultValue) => client.stringVariation(flagKey, context, defaultValue),
    number: (flagKey, defaultValue) => client.numberVariation(flagKey, context, defaultValue),
    json: (flagKey, defaultValue) => client.jsonVariation(flagKey, context, defaultValue),
    detail: (flagKey, defaultValue) => client.variationDetail(flagKey, context, defaultValue),
    all: () => client.allFlags(context),
    track: (eventKey, value) => client.track(eventKey, context, value),
  };
}
