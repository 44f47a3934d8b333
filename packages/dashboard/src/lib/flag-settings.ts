/** A flag configuration's editable settings, and what a draft changes in them. */
import type { DocumentFlag, FlagConfig, FlagSettings } from "../api/types.ts";
import { deepEqual } from "./deep-equal.ts";

export const SETTINGS_FIELDS = [
  "enabled",
  "variations",
  "offVariation",
  "prerequisites",
  "targets",
  "rules",
  "fallthrough",
  "salt",
] as const satisfies ReadonlyArray<keyof FlagSettings>;

export function settingsOf(config: FlagConfig): FlagSettings {
  return {
    enabled: config.enabled,
    variations: config.variations,
    offVariation: config.offVariation,
    prerequisites: config.prerequisites,
    targets: config.targets,
    rules: config.rules,
    fallthrough: config.fallthrough,
    salt: config.salt,
  };
}

/** Only the fields the draft changed: the PATCH body (and what a merge re-applies). */
export function changedSettings(base: FlagSettings, draft: FlagSettings): Partial<FlagSettings> {
  const changes: Partial<FlagSettings> = {};
  for (const field of SETTINGS_FIELDS) {
    if (!deepEqual(base[field], draft[field]))
      (changes as Record<string, unknown>)[field] = draft[field];
  }
  return changes;
}

/** The settings of a flag as the document (and a stored version, and the audit log) has it. */
export function settingsFromDocumentFlag(flag: DocumentFlag): FlagSettings {
  return {
    enabled: flag.enabled,
    variations: flag.variations,
    offVariation: flag.offVariation,
    prerequisites: flag.prerequisites ?? [],
    targets: flag.targets ?? [],
    rules: flag.rules ?? [],
    fallthrough: flag.fallthrough,
    salt: flag.salt ?? null,
  };
}

/** A flag in document form, as audit entries of configuration changes carry it. */
export function isDocumentFlag(value: unknown): value is DocumentFlag {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    typeof candidate.key === "string" &&
    typeof candidate.version === "number" &&
    typeof candidate.enabled === "boolean" &&
    Array.isArray(candidate.variations) &&
    typeof candidate.fallthrough === "object"
  );
}
