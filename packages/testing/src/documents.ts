/** Flag documents for the tests: flags that serve one fixed variation, and one targeted flag. */
import type { Flag, FlagDocument, JsonValue } from "@flagswitch/core";

/** A flag with the given variations that serves `serve` to everyone. */
export function servingFlag(
  key: string,
  variations: JsonValue[],
  serve: number,
  version = 1,
): Flag {
  return {
    key,
    version,
    enabled: true,
    variations: variations.map((value, index) => ({ key: `v${index}`, value })),
    offVariation: 0,
    fallthrough: { variation: serve },
  };
}

export function documentOf(flags: Flag[], version = 1): FlagDocument {
  return {
    schemaVersion: 1,
    environment: "test",
    version,
    flags: Object.fromEntries(flags.map((flag) => [flag.key, flag])),
    segments: {},
  };
}
