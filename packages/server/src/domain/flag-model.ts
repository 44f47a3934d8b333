/**
 * A flag's configuration in one environment, as stored and as it appears in the document.
 * Stored: `enabled` and `version` as columns (for filters and If-Match), the rest as JSON.
 */
import type {
  Experiment,
  Flag,
  Prerequisite,
  Rule,
  Serve,
  Target,
  Variation,
} from "@flagswitch/core";
import { fromJson, toJson } from "../db/json.js";
import type { FlagConfigRow } from "../db/schema.js";

/** Variations and rules may carry a display name/description: SDKs ignore unknown fields. */
export interface FlagSettings {
  enabled: boolean;
  variations: Variation[];
  offVariation: number;
  prerequisites: Prerequisite[];
  targets: Target[];
  rules: Rule[];
  fallthrough: Serve;
  salt?: string;
  experiment?: Experiment;
}

type StoredConfig = Omit<FlagSettings, "enabled">;

export function settingsOf(row: Pick<FlagConfigRow, "enabled" | "config">): FlagSettings {
  return { enabled: row.enabled === 1, ...fromJson<StoredConfig>(row.config) };
}

export function storedColumns(settings: FlagSettings): { enabled: number; config: string } {
  const { enabled, ...config } = settings;
  return { enabled: enabled ? 1 : 0, config: toJson(config) };
}

/** The document's Flag object. */
export function documentFlag(
  key: string,
  version: number,
  clientSide: boolean,
  settings: FlagSettings,
): Flag {
  const flag: Flag = {
    key,
    version,
    enabled: settings.enabled,
    variations: settings.variations,
    offVariation: settings.offVariation,
    prerequisites: settings.prerequisites,
    targets: settings.targets,
    rules: settings.rules,
    fallthrough: settings.fallthrough,
  };
  if (settings.salt !== undefined) flag.salt = settings.salt;
  if (settings.experiment !== undefined) flag.experiment = settings.experiment;
  if (clientSide) flag.clientSide = true;
  return flag;
}

/** The settings part of a document flag (a stored version), for rollback and copy. */
export function settingsFromFlag(flag: Flag): FlagSettings {
  const settings: FlagSettings = {
    enabled: flag.enabled,
    variations: flag.variations,
    offVariation: flag.offVariation,
    prerequisites: flag.prerequisites ?? [],
    targets: flag.targets ?? [],
    rules: flag.rules ?? [],
    fallthrough: flag.fallthrough,
  };
  if (flag.salt !== undefined) settings.salt = flag.salt;
  if (flag.experiment !== undefined) settings.experiment = flag.experiment;
  return settings;
}

/** The settings a new flag starts with in every environment: off, serving its first variation when on. */
export function initialSettings(variations: Variation[], offVariation?: number): FlagSettings {
  const falseIndex = variations.findIndex((variation) => variation.value === false);
  return {
    enabled: false,
    variations,
    offVariation: offVariation ?? Math.max(falseIndex, 0),
    prerequisites: [],
    targets: [],
    rules: [],
    fallthrough: { variation: 0 },
  };
}

export const BOOLEAN_VARIATIONS: Variation[] = [
  { key: "on", value: true },
  { key: "off", value: false },
];
