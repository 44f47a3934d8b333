/** Small pure pieces: rollout weights, targets, key format, If-Match, cursors, failed-auth limiter, config. */
import { describe, expect, it } from "vitest";
import { hashKey, issueKey, parseKey } from "../src/auth/api-key-format.js";
import { FailedAuthLimiter } from "../src/auth/failed-auth-limiter.js";
import { findRepositoryRoot, resolveConfig } from "../src/config.js";
import { decodeCursor, encodeCursor } from "../src/db/cursor.js";
import { rolloutWeights } from "../src/domain/rollout.js";
import { addTargets, removeTargets } from "../src/domain/targets.js";
import { parseIfMatch } from "../src/http/preconditions.js";
import { pointerToField } from "../src/http/problem.js";

const boolean = [
  { key: "on", value: true },
  { key: "off", value: false },
];
const abc = [
  { key: "a", value: "A" },
  { key: "b", value: "B" },
  { key: "c", value: "C" },
];

describe("rollout weights", () => {
  it.each([
    {
      description: "25 % on, rest to the off variation",
      variations: boolean,
      off: 1,
      request: { percentage: 25 },
      expected: [25000, 75000],
    },
    {
      description: "three decimals are kept",
      variations: boolean,
      off: 1,
      request: { percentage: 0.125 },
      expected: [125, 99875],
    },
    {
      description: "a named variation",
      variations: abc,
      off: 0,
      request: { percentage: 10, variation: "c" },
      expected: [90000, 0, 10000],
    },
    {
      description: "the off variation itself gives the rest to the next",
      variations: abc,
      off: 0,
      request: { percentage: 60, variation: "a" },
      expected: [60000, 40000, 0],
    },
    {
      description: "a split by largest remainder",
      variations: abc,
      off: 0,
      request: { split: { a: 100 / 3, b: 100 / 3, c: 100 / 3 } },
      expected: [33334, 33333, 33333],
    },
  ])("$description", ({ variations, off, request, expected }) => {
    const weights = rolloutWeights(variations, off, request);
    expect(weights).toEqual(expected);
    expect(weights.reduce((sum, weight) => sum + weight, 0)).toBe(100000);
  });

  it("refuses splits that do not add up to 100 and unknown variations, naming the field", () => {
    expect(() => rolloutWeights(abc, 0, { split: { a: 50, b: 40 } })).toThrowError(/adds up to 90/);
    expect(() => rolloutWeights(abc, 0, { percentage: 5, variation: "z" })).toThrowError(
      /no variation "z"/,
    );
  });
});

describe("targets", () => {
  it("moves a key between lists and drops empty lists", () => {
    const targets = addTargets([{ variation: 0, values: ["u1", "u2"] }], boolean, "off", ["u2"]);
    expect(targets).toEqual([
      { variation: 0, values: ["u1"] },
      { variation: 1, values: ["u2"] },
    ]);
    expect(removeTargets(targets, boolean, ["u1"], undefined)).toEqual([
      { variation: 1, values: ["u2"] },
    ]);
    expect(removeTargets(targets, boolean, ["u1"], "off")).toEqual(targets);
  });
});

describe("key format", () => {
  it("issues keys that parse back to their id and hash", () => {
    for (const kind of ["admin", "server", "client"] as const) {
      const key = issueKey(kind);
      expect(key.secret).toMatch(new RegExp(`^fs_${kind}_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$`));
      expect(parseKey(key.secret)).toEqual({ kind, id: key.id, hash: key.hash });
    }
  });

  it("treats a long foreign string as an external admin token and rejects short junk", () => {
    const external = parseKey("an-operator-chosen-token-of-some-length");
    expect(external).toMatchObject({
      kind: null,
      hash: hashKey("an-operator-chosen-token-of-some-length"),
    });
    expect(external?.id).toMatch(/^x[0-9a-f]{15}$/);
    expect(parseKey("short")).toBeNull();
  });
});

describe("If-Match", () => {
  it.each([
    ['"3"', 3],
    ["3", 3],
    ['W/"12"', 12],
    ["*", "*"],
  ])("reads %s", (header, expected) => {
    expect(parseIfMatch(header)).toBe(expected);
  });

  it("names the header when it cannot be read", () => {
    expect(() => parseIfMatch('"abc"')).toThrowError(/resource version/);
  });
});

describe("cursors and pointers", () => {
  it("round-trips cursors and refuses foreign ones", () => {
    expect(decodeCursor(encodeCursor("flag-b"), "string")).toBe("flag-b");
    expect(decodeCursor(encodeCursor(42), "number")).toBe(42);
    expect(() => decodeCursor(encodeCursor(42), "string")).toThrowError(/not a cursor/);
    expect(() => decodeCursor("%%%", "string")).toThrowError(/not a cursor/);
  });

  it("writes JSON Pointers as readable field paths", () => {
    expect(pointerToField("/rules/0/clauses/12/op")).toBe("rules[0].clauses[12].op");
    expect(pointerToField("/split/a~1b")).toBe("split.a/b");
    expect(pointerToField("")).toBe("");
  });
});

describe("failed-auth limiter", () => {
  it("blocks after the limit within the window and forgets after it", () => {
    let now = 0;
    const limiter = new FailedAuthLimiter(
      { maxFailures: 2, windowMs: 10_000 },
      { now: () => new Date(now) },
    );
    limiter.recordFailure("1.2.3.4");
    expect(limiter.retryAfterSeconds("1.2.3.4")).toBe(0);
    limiter.recordFailure("1.2.3.4");
    expect(limiter.retryAfterSeconds("1.2.3.4")).toBe(10);
    expect(limiter.retryAfterSeconds("5.6.7.8")).toBe(0);
    now = 10_001;
    expect(limiter.retryAfterSeconds("1.2.3.4")).toBe(0);
  });
});

describe("configuration", () => {
  it("reads the environment, lets flags override it, and names a bad variable", () => {
    const config = resolveConfig(
      { FLAGSWITCH_PORT: "9090", DATABASE_URL: "postgres://db/flags" },
      { host: "0.0.0.0" },
      "/tmp",
    );
    expect(config).toMatchObject({
      port: 9090,
      host: "0.0.0.0",
      databaseUrl: "postgres://db/flags",
      heartbeatMs: 15000,
    });
    expect(config.dataDir).toBe("/tmp/.data");
    expect(() => resolveConfig({ FLAGSWITCH_PORT: "eighty" })).toThrowError(/FLAGSWITCH_PORT/);
    expect(() => resolveConfig({ FLAGSWITCH_ADMIN_TOKEN: "short" })).toThrowError(
      /FLAGSWITCH_ADMIN_TOKEN/,
    );
  });

  it("puts the data directory at the repository root when run from a clone", () => {
    const root = findRepositoryRoot(process.cwd());
    expect(root).toBeDefined();
    expect(resolveConfig({}, {}, `${root}/packages/server/src`).dataDir).toBe(`${root}/.data`);
  });
});
