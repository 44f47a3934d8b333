/** Small documents for the core's own tests (the shared vectors live in @flagswitch/spec). */
import type { Flag, FlagDocument } from "./types.js";

export function booleanFlag(key: string, overrides: Partial<Flag> = {}): Flag {
  return {
    key,
    version: 1,
    enabled: true,
    variations: [
      { key: "off", value: false },
      { key: "on", value: true },
    ],
    offVariation: 0,
    fallthrough: { variation: 1 },
    ...overrides,
  };
}

export function documentOf(flags: Flag[], segments: FlagDocument["segments"] = {}): FlagDocument {
  return {
    schemaVersion: 1,
    environment: "test",
    version: 1,
    flags: Object.fromEntries(flags.map((flag) => [flag.key, flag])),
    segments,
  };
}
