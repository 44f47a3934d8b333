/**
 * What each clause operator means to a person and what values it takes (docs/evaluation.md):
 * the rule editor picks an input from `valueKind` and explains the operator with its labels.
 */
import type { Operator } from "@flagswitch/core";

export type ValueKind =
  | "typed"
  | "string"
  | "regex"
  | "number"
  | "semver"
  | "date"
  | "none"
  | "segment";

export interface OperatorInfo {
  label: string;
  /** The wording when the clause is negated. */
  negatedLabel: string;
  valueKind: ValueKind;
  hint: string;
}

const info = (
  label: string,
  negatedLabel: string,
  valueKind: ValueKind,
  hint: string,
): OperatorInfo => ({
  label,
  negatedLabel,
  valueKind,
  hint,
});

const NUMBER_HINT = "A number.";
const SEMVER_HINT = "A semantic version, e.g. 2.4.0.";
const DATE_HINT = "An ISO-8601 time (2025-01-31T00:00:00Z) or epoch milliseconds.";

export const OPERATOR_INFO: Record<Operator, OperatorInfo> = {
  in: info(
    "is one of",
    "is not one of",
    "typed",
    "One value per line; matches if the attribute equals any.",
  ),
  startsWith: info("starts with", "does not start with", "string", "One prefix per line."),
  endsWith: info(
    "ends with",
    "does not end with",
    "string",
    "One suffix per line, e.g. @example.com.",
  ),
  contains: info("contains", "does not contain", "string", "One substring per line."),
  matches: info(
    "matches regex",
    "does not match regex",
    "regex",
    "One regular expression per line (at most 256 characters).",
  ),
  lt: info("is less than", "is not less than", "number", NUMBER_HINT),
  lte: info("is at most", "is not at most", "number", NUMBER_HINT),
  gt: info("is greater than", "is not greater than", "number", NUMBER_HINT),
  gte: info("is at least", "is not at least", "number", NUMBER_HINT),
  semverEq: info("version equals", "version does not equal", "semver", SEMVER_HINT),
  semverLt: info("version is below", "version is not below", "semver", SEMVER_HINT),
  semverGt: info("version is above", "version is not above", "semver", SEMVER_HINT),
  before: info("is before", "is not before", "date", DATE_HINT),
  after: info("is after", "is not after", "date", DATE_HINT),
  exists: info("exists", "does not exist", "none", "Matches when the context has this attribute."),
  inSegment: info(
    "is in segment",
    "is not in segment",
    "segment",
    "Matches contexts in any of the chosen segments.",
  ),
};

export function operatorLabel(op: Operator, negate: boolean | undefined): string {
  return negate ? OPERATOR_INFO[op].negatedLabel : OPERATOR_INFO[op].label;
}
