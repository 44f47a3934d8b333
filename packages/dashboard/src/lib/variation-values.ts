/** Variation values typed in a form: text, number, true/false or any JSON, checked before sending. */
import type { JsonValue } from "@flagswitch/core";

export type VariationType = "string" | "number" | "boolean" | "json";

export interface VariationDraft {
  key: string;
  type: VariationType;
  /** What is typed; for booleans "true" or "false". */
  text: string;
}

export type ParsedValue = { ok: true; value: JsonValue } | { ok: false; message: string };

export function parseVariationValue(type: VariationType, text: string): ParsedValue {
  switch (type) {
    case "string":
      return { ok: true, value: text };
    case "boolean":
      if (text === "true" || text === "false") return { ok: true, value: text === "true" };
      return { ok: false, message: "choose true or false" };
    case "number": {
      const value = Number(text.trim());
      if (text.trim() === "" || !Number.isFinite(value))
        return { ok: false, message: `"${text}" is not a number` };
      return { ok: true, value };
    }
    case "json":
      try {
        return { ok: true, value: JSON.parse(text) as JsonValue };
      } catch (error) {
        return { ok: false, message: `not valid JSON: ${(error as Error).message}` };
      }
  }
}

export function typeOfValue(value: JsonValue): VariationType {
  if (typeof value === "string") return "string";
  if (typeof value === "number") return "number";
  if (typeof value === "boolean") return "boolean";
  return "json";
}

export function draftOf(key: string, value: JsonValue): VariationDraft {
  const type = typeOfValue(value);
  return { key, type, text: type === "string" ? (value as string) : JSON.stringify(value) };
}

export interface CheckedVariations {
  variations: Array<{ key: string; value: JsonValue }>;
  /** Problems by row index (and "" for the list as a whole). */
  problems: Map<number | "", string>;
}

/** Checks a list of drafts: each value parses, keys are present, unique and URL-safe. */
export function checkVariations(drafts: readonly VariationDraft[]): CheckedVariations {
  const problems = new Map<number | "", string>();
  const variations: Array<{ key: string; value: JsonValue }> = [];
  const seen = new Set<string>();
  for (const [index, draft] of drafts.entries()) {
    const key = draft.key.trim();
    if (key === "") problems.set(index, "give the variation a key");
    else if (key.length > 128) problems.set(index, "a key has at most 128 characters");
    else if (seen.has(key)) problems.set(index, `the key "${key}" is used twice`);
    seen.add(key);
    const parsed = parseVariationValue(draft.type, draft.text);
    if (!parsed.ok) problems.set(index, parsed.message);
    else variations.push({ key, value: parsed.value });
  }
  if (drafts.length < 2) problems.set("", "a flag needs at least two variations");
  return { variations, problems };
}
