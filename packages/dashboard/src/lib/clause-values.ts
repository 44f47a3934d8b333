/**
 * Clause values as a person types them: one per line in a text box. Parsing checks each line
 * against what the operator needs and names the line that is wrong; formatting is the inverse.
 */
import type { Operator } from "@flagswitch/core";
import { OPERATOR_INFO } from "./operators.ts";

export type ClauseValue = string | number | boolean;
/** For `in`: which JSON type each line is (a type mismatch never matches, so it matters). */
export type ValueType = "string" | "number" | "boolean";

export type ParsedValues = { ok: true; values: ClauseValue[] } | { ok: false; message: string };

const SEMVER = /^v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

export function parseClauseValues(
  op: Operator,
  text: string,
  valueType: ValueType = "string",
): ParsedValues {
  const kind = OPERATOR_INFO[op].valueKind;
  if (kind === "none") return { ok: true, values: [] };
  const lines = text.split(/\r?\n/).map((line) => line.trim());
  const values: ClauseValue[] = [];
  for (const [index, line] of lines.entries()) {
    if (line === "") continue;
    const where = `line ${index + 1}`;
    switch (kind) {
      case "number": {
        const value = Number(line);
        if (!Number.isFinite(value))
          return { ok: false, message: `${where}: "${line}" is not a number` };
        values.push(value);
        break;
      }
      case "semver":
        if (!SEMVER.test(line))
          return { ok: false, message: `${where}: "${line}" is not a version like 1.4.0` };
        values.push(line);
        break;
      case "date":
        if (/^\d+$/.test(line)) values.push(Number(line));
        else if (Number.isNaN(Date.parse(line))) {
          return {
            ok: false,
            message: `${where}: "${line}" is not an ISO-8601 time or epoch milliseconds`,
          };
        } else values.push(line);
        break;
      case "regex":
        if (line.length > 256)
          return { ok: false, message: `${where}: a pattern may have at most 256 characters` };
        try {
          new RegExp(line);
        } catch (error) {
          return { ok: false, message: `${where}: ${(error as Error).message}` };
        }
        values.push(line);
        break;
      case "typed": {
        const parsed = parseTyped(line, valueType);
        if (parsed === undefined)
          return { ok: false, message: `${where}: "${line}" is not a ${valueType}` };
        values.push(parsed);
        break;
      }
      default:
        values.push(line);
    }
  }
  if (values.length === 0) return { ok: false, message: "give at least one value" };
  return { ok: true, values };
}

function parseTyped(line: string, valueType: ValueType): ClauseValue | undefined {
  if (valueType === "string") return line;
  if (valueType === "boolean") return line === "true" ? true : line === "false" ? false : undefined;
  const value = Number(line);
  return Number.isFinite(value) ? value : undefined;
}

export function formatClauseValues(values: readonly unknown[]): string {
  return values
    .map((value) => (typeof value === "string" ? value : JSON.stringify(value)))
    .join("\n");
}

/** The type an `in` clause's existing values have (strings unless all are numbers or booleans). */
export function inferValueType(values: readonly unknown[]): ValueType {
  if (values.length > 0 && values.every((value) => typeof value === "number")) return "number";
  if (values.length > 0 && values.every((value) => typeof value === "boolean")) return "boolean";
  return "string";
}

/** Context keys typed one per line (or separated by commas), trimmed, without duplicates. */
export function parseKeyList(text: string): string[] {
  const keys = text
    .split(/[\n,]/)
    .map((key) => key.trim())
    .filter((key) => key !== "");
  return [...new Set(keys)];
}
