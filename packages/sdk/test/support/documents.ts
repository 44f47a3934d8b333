/** Small valid flag documents for the tests, and a way to change one flag. */
import type { Flag, FlagDocument } from "@flagswitch/core";

export function booleanFlag(key: string, version: number, enabled: boolean): Flag {
  return {
    key,
    version,
    enabled,
    variations: [
      { key: "on", value: true },
      { key: "off", value: false },
    ],
    offVariation: 1,
    fallthrough: { variation: 0 },
  };
}

/** A document whose flag "banner" serves `value` (a string flag), at document version `version`. */
export function bannerDocument(version: number, value: string): FlagDocument {
  return {
    schemaVersion: 1,
    environment: "test",
    version,
    flags: {
      banner: {
        key: "banner",
        version,
        enabled: true,
        variations: [
          { key: "value", value },
          { key: "none", value: "" },
        ],
        offVariation: 1,
        fallthrough: { variation: 0 },
      },
      checkout: booleanFlag("checkout", 1, true),
    },
    segments: {},
  };
}

/** Parses as JSON but breaks the schema (an offVariation out of range). */
export function invalidDocument(version: number): unknown {
  const document = bannerDocument(version, "invalid") as unknown as {
    flags: { banner: { offVariation: number } };
  };
  document.flags.banner.offVariation = 7;
  return document;
}
