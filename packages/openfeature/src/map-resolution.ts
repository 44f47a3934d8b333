/**
 * FlagSwitch evaluation result → OpenFeature resolution details.
 *
 * Reasons: TARGET_MATCH and RULE_MATCH → TARGETING_MATCH; FALLTHROUGH → DEFAULT, or SPLIT when
 * the result is part of a running experiment (`inExperiment`); OFF → DISABLED;
 * PREREQUISITE_FAILED → DISABLED as well, because the flag then serves its off variation just
 * as a switched-off flag does (the failed prerequisite is in `flagMetadata.prerequisiteKey`).
 * Errors: FLAG_NOT_FOUND → FLAG_NOT_FOUND, WRONG_TYPE → TYPE_MISMATCH, MALFORMED_FLAG →
 * PARSE_ERROR, CLIENT_NOT_READY → PROVIDER_NOT_READY; the value is then the caller's default.
 * The FlagSwitch reason itself is always in `flagMetadata.reason`.
 */
import type { ErrorKind, EvaluationResult, JsonValue } from "@flagswitch/core";
import {
  ErrorCode,
  type FlagMetadata,
  type ResolutionDetails,
  type ResolutionReason,
  StandardResolutionReasons,
} from "@openfeature/core";

const errorCodes: Record<ErrorKind, ErrorCode> = {
  FLAG_NOT_FOUND: ErrorCode.FLAG_NOT_FOUND,
  WRONG_TYPE: ErrorCode.TYPE_MISMATCH,
  MALFORMED_FLAG: ErrorCode.PARSE_ERROR,
  CLIENT_NOT_READY: ErrorCode.PROVIDER_NOT_READY,
};

const errorMessages: Record<ErrorKind, (flagKey: string) => string> = {
  FLAG_NOT_FOUND: (flagKey) => `flag "${flagKey}" does not exist in this environment`,
  WRONG_TYPE: (flagKey) => `flag "${flagKey}" serves a value of another type than the default`,
  MALFORMED_FLAG: (flagKey) => `flag "${flagKey}" is malformed (e.g. a prerequisite cycle)`,
  CLIENT_NOT_READY: () => "the FlagSwitch client has no flags yet",
};

export function toResolution<T extends JsonValue>(
  flagKey: string,
  result: EvaluationResult<JsonValue>,
  defaultValue: T,
): ResolutionDetails<T> {
  const { reason } = result;
  const flagMetadata: FlagMetadata = { reason: reason.kind };
  if (reason.ruleId !== undefined) flagMetadata.ruleId = reason.ruleId;
  if (reason.prerequisiteKey !== undefined) flagMetadata.prerequisiteKey = reason.prerequisiteKey;
  if (reason.inExperiment) flagMetadata.inExperiment = true;

  if (reason.kind === "ERROR") {
    const kind = reason.errorKind ?? "MALFORMED_FLAG";
    return {
      value: defaultValue,
      reason: StandardResolutionReasons.ERROR,
      errorCode: errorCodes[kind],
      errorMessage: errorMessages[kind](flagKey),
      flagMetadata,
    };
  }
  const resolution: ResolutionDetails<T> = {
    // The core served the default on a type mismatch (an ERROR above): the value has T's type.
    value: result.value as T,
    reason: toReason(reason),
    flagMetadata,
  };
  if (result.variationKey !== null) resolution.variant = result.variationKey;
  return resolution;
}

function toReason(reason: EvaluationResult["reason"]): ResolutionReason {
  switch (reason.kind) {
    case "TARGET_MATCH":
    case "RULE_MATCH":
      return StandardResolutionReasons.TARGETING_MATCH;
    case "FALLTHROUGH":
      return reason.inExperiment
        ? StandardResolutionReasons.SPLIT
        : StandardResolutionReasons.DEFAULT;
    case "OFF":
    case "PREREQUISITE_FAILED":
      return StandardResolutionReasons.DISABLED;
    default:
      return StandardResolutionReasons.UNKNOWN;
  }
}
