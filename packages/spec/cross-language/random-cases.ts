/**
 * Seeded random flag documents and (flag, context, default) cases for the cross-language check:
 * every operator, rollouts with random weights and bucketBy attributes, segments, prerequisites
 * (cycles included), targets, experiments, a few malformed flags, and contexts whose attributes
 * take every JSON type. Strings avoid lone UTF-16 surrogates: JSON decoders disagree on them
 * (Go replaces them while decoding), so no SDK can be held to one answer.
 */

import { OPERATORS } from "@flagswitch/core";

export interface CrossLanguageCase {
  flagKey: string;
  context: unknown;
  default?: unknown;
}

export interface CrossLanguageSet {
  document: Record<string, unknown>;
  cases: CrossLanguageCase[];
}

/** A small, fast, seedable generator (mulberry32): the same seed gives the same cases everywhere. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  const chance = (p: number) => next() < p;
  return { int, pick, chance };
}

const STRINGS = [
  "",
  "a",
  "ann",
  "bob",
  "DE",
  "FR",
  "enterprise",
  "team",
  "pro",
  "düsseldorf",
  "🚀",
  "user-42",
  "ann@acme.com",
  "x.y",
  "1",
  "10",
  "true",
  "staff",
  "été",
  "a\u0000b",
  "東京",
];
const SEMVERS = [
  "1.0.0",
  "1.2.3",
  "2",
  "2.1",
  "1.0.0-alpha",
  "1.0.0-alpha.1",
  "1.0.0-beta.11",
  "1.0.0-rc.1",
  "10.0.0",
  "1.2.3+build",
  "99999999999999999999.0.0",
];
const BAD_SEMVERS = ["v1.0.0", "01.0.0", "1.2.3.4"];
const DATES = [
  "2026-11-25",
  "2026-11-25T10:30Z",
  "2026-11-25T10:30:15.123456Z",
  "2026-11-25T10:30:15.5+02:00",
  "2024-02-29T23:59:59-05:30",
  "1969-12-31",
  1700000000000,
  0,
  -5,
  1.5e12,
];
const BAD_DATES = ["2026-11-25T10:30", "2026-02-30"];
const REGEXES = [
  "^a",
  "n$",
  "\\d+",
  "^[a-z]+@(?:example|acme)\\.com$",
  "ü",
  ".",
  "^.$",
  "\\bteam\\b",
  "[^a-z]",
  "(?:de|fr)",
  "^$",
  "\\w{3,}",
  "🚀",
  "a|b",
];
const NUMBERS = [0, 1, -1, 2, 10, 37, 42, 1.5, -7, 100, 2 ** 53 - 1, 2 ** 53, 1e21, 0.1];
const ATTRIBUTES = [
  "key",
  "plan",
  "country",
  "age",
  "beta",
  "groups",
  "version",
  "signup",
  "email",
  "score",
  "org",
];
const VARIATION_SETS: unknown[][] = [
  [false, true],
  ["red", "green", "blue"],
  [1, 2.5, -3],
  [{ a: 1 }, [1, "x"], null],
];
const DEFAULTS = [undefined, false, true, "x", 0, 1.5, null, { d: 1 }, []];

/**
 * A caller's default for a flag whose first variation is `value`: mostly one that accepts the
 * served value (none, null, or the same JSON type), so that most cases show the variation and
 * reason the flag gave, and sometimes any default at all, so that WRONG_TYPE is checked too.
 */
function defaultFor(value: unknown, roll: number, anyDefault: unknown): unknown {
  if (roll < 0.3) return undefined;
  if (roll < 0.4) return null;
  if (roll < 0.85) {
    if (typeof value === "boolean") return roll < 0.6;
    if (typeof value === "string") return "default";
    if (typeof value === "number") return -1;
    return { d: 1 };
  }
  return anyDefault;
}

/** `documents` documents with `casesPerDocument` cases each, from `seed`. */
export function randomCaseSets(
  seed: number,
  documents: number,
  casesPerDocument: number,
): CrossLanguageSet[] {
  const { int, pick, chance } = generator(seed);
  const scalar = () => {
    const kind = int(3);
    return kind === 0 ? pick(STRINGS) : kind === 1 ? pick(NUMBERS) : chance(0.5);
  };

  const clauseValues = (op: string, segmentKeys: string[]): unknown[] => {
    const values: unknown[] = [];
    for (let i = 1 + int(3); i > 0; i--) {
      if (op === "in") values.push(scalar());
      else if (op === "startsWith" || op === "endsWith" || op === "contains")
        values.push(pick(STRINGS).slice(0, 1 + int(3)));
      else if (op === "matches") values.push(pick(REGEXES));
      else if (["lt", "lte", "gt", "gte"].includes(op)) values.push(pick(NUMBERS));
      else if (op.startsWith("semver"))
        values.push(chance(0.97) ? pick(SEMVERS) : pick(BAD_SEMVERS));
      else if (op === "before" || op === "after")
        values.push(chance(0.97) ? pick(DATES) : pick(BAD_DATES));
      else if (op === "inSegment") values.push(chance(0.95) ? pick(segmentKeys) : "ghost");
    }
    return values;
  };
  const clause = (segmentKeys: string[]) => {
    const op = chance(0.005) ? "between" : pick(OPERATORS);
    const result: Record<string, unknown> = {
      attribute: pick(ATTRIBUTES),
      op,
      values: clauseValues(op, segmentKeys),
    };
    if (chance(0.3)) result.negate = chance(0.5);
    return result;
  };
  const weights = (count: number) => {
    const cuts = Array.from({ length: count - 1 }, () => int(100001)).sort((a, b) => a - b);
    const result: number[] = [];
    let previous = 0;
    for (const cut of cuts) {
      result.push(cut - previous);
      previous = cut;
    }
    result.push(100000 - previous);
    if (chance(0.01)) result[0] = (result[0] as number) + 1; // malformed: sums to 100001
    return result;
  };
  const serve = (count: number) => {
    if (chance(0.5)) return { variation: chance(0.005) ? count : int(count) };
    const rollout: Record<string, unknown> = { weights: weights(count) };
    if (chance(0.4)) rollout.bucketBy = pick(["key", "org", "age", "score", "plan"]);
    return { rollout };
  };
  const flag = (key: string, flagKeys: string[], segmentKeys: string[]) => {
    const values = pick(VARIATION_SETS);
    const count = Math.min(values.length, 2 + int(2));
    const result: Record<string, unknown> = {
      key,
      version: int(10),
      enabled: chance(0.85),
      variations: values.slice(0, count).map((value, i) => ({ key: `v${i}`, value })),
      offVariation: chance(0.01) ? count + 1 : int(count),
      fallthrough: serve(count),
    };
    if (chance(0.3)) result.prerequisites = [{ flag: pick(flagKeys), variation: `v${int(3)}` }];
    if (chance(0.4)) {
      result.targets = Array.from({ length: 1 + int(2) }, () => ({
        variation: int(count),
        values: [pick(STRINGS), pick(STRINGS), "ann"],
      }));
    }
    if (chance(0.8)) {
      result.rules = Array.from({ length: int(4) }, (_, i) => ({
        id: `r${i}`,
        clauses: Array.from({ length: int(3) }, () => clause(segmentKeys)),
        serve: serve(count),
      }));
    }
    if (chance(0.3)) result.salt = pick(STRINGS);
    if (chance(0.4)) result.experiment = { key: "experiment", running: chance(0.6) };
    return result;
  };
  const segment = (key: string, segmentKeys: string[]) => {
    const result: Record<string, unknown> = { key, version: int(5) };
    if (chance(0.5)) result.included = [pick(STRINGS)];
    if (chance(0.3)) result.excluded = [pick(STRINGS)];
    if (chance(0.7)) {
      result.rules = Array.from({ length: 1 + int(2) }, () => ({
        clauses: Array.from({ length: 1 + int(2) }, () => clause(segmentKeys)),
      }));
    }
    return result;
  };
  const attributeValue = (attribute: string): unknown => {
    const kind = int(10);
    if (kind === 0) return null;
    if (kind === 1) return Array.from({ length: int(3) }, scalar);
    if (kind === 2) return { nested: 1 };
    if (attribute === "version") return pick([...SEMVERS, ...BAD_SEMVERS]);
    if (attribute === "signup") return pick([...DATES, ...BAD_DATES]);
    if (attribute === "age" || attribute === "score" || attribute === "org") return pick(NUMBERS);
    if (attribute === "beta") return chance(0.5);
    if (attribute === "groups") return [pick(STRINGS), pick(STRINGS)];
    return scalar();
  };
  const context = (): unknown => {
    if (chance(0.03)) return pick([null, "user", 5, [1]]);
    const result: Record<string, unknown> = {};
    for (const attribute of ATTRIBUTES) {
      if (attribute === "key" ? chance(0.9) : chance(0.5))
        result[attribute] =
          attribute === "key" && chance(0.9) ? pick(STRINGS) : attributeValue(attribute);
    }
    return result;
  };

  return Array.from({ length: documents }, (_, index) => {
    const flagKeys = Array.from({ length: 3 + int(8) }, (_, i) => `f${i}`);
    const segmentKeys = ["s0", "s1", "s2"];
    const flags: Record<string, unknown> = {};
    const segments: Record<string, unknown> = {};
    for (const key of flagKeys) flags[key] = flag(key, flagKeys, segmentKeys);
    for (const key of segmentKeys) if (chance(0.8)) segments[key] = segment(key, segmentKeys);
    const cases = Array.from({ length: casesPerDocument }, (): CrossLanguageCase => {
      const flagKey = chance(0.97) ? pick(flagKeys) : "missing";
      const variations = (flags[flagKey] as { variations: { value: unknown }[] } | undefined)
        ?.variations;
      const chosen = defaultFor(variations?.[0]?.value, int(1000) / 1000, pick(DEFAULTS));
      return chosen === undefined
        ? { flagKey, context: context() }
        : { flagKey, context: context(), default: chosen };
    });
    return {
      document: {
        schemaVersion: 1,
        environment: "cross-language",
        version: index,
        flags,
        segments,
      },
      cases,
    };
  });
}
