/** The small parts: failover order, backoff, Retry-After, and which flags a change touches. */
import "./support/no-unhandled-rejections.js";
import type { FlagDocument } from "@flagswitch/core";
import { describe, expect, it } from "vitest";
import { Backoff, jittered, retryAfterMs } from "../src/backoff.js";
import { changedFlagKeys } from "../src/changed-flags.js";
import { Endpoints } from "../src/endpoints.js";
import type { Scheduler } from "../src/scheduler.js";
import { booleanFlag } from "./support/documents.js";

function fixedRandom(value: number): Scheduler {
  return { now: () => 0, setTimeout: () => () => {}, random: () => value };
}

describe("Endpoints", () => {
  it("rotates on failure, keeps the base that answered, and ignores late failures of an old base", () => {
    const endpoints = new Endpoints(["http://a/", "http://b", "http://c"]);
    expect(endpoints.url("/x")).toBe("http://a/x");
    expect(endpoints.url("/x", 2)).toBe("http://c/x");
    endpoints.failed("http://a/x");
    expect(endpoints.url("/x")).toBe("http://b/x");
    endpoints.failed("http://a/x"); // a is no longer preferred: nothing moves
    expect(endpoints.url("/x")).toBe("http://b/x");
    endpoints.succeeded(1);
    expect(endpoints.url("/x")).toBe("http://c/x");
    endpoints.failed();
    expect(endpoints.url("/x")).toBe("http://a/x");
  });
});

describe("backoff", () => {
  it("doubles up to the cap, with equal jitter, and starts over after reset", () => {
    const low = new Backoff({ initialMs: 100, maxMs: 1_000 }, fixedRandom(0));
    expect([1, 2, 3, 4, 5, 6].map(() => low.next())).toEqual([50, 100, 200, 400, 500, 500]);
    low.reset();
    expect(low.next()).toBe(50);
    const high = new Backoff({ initialMs: 100, maxMs: 1_000 }, fixedRandom(0.999_999));
    expect(high.next()).toBeCloseTo(100);
  });

  it("jitters an interval by ± the fraction", () => {
    expect(jittered(30_000, 0.1, fixedRandom(0))).toBe(27_000);
    expect(jittered(30_000, 0.1, fixedRandom(0.5))).toBe(30_000);
    expect(jittered(30_000, 0.1, fixedRandom(0.999_999))).toBeCloseTo(33_000, -1);
  });

  it("reads Retry-After as seconds or as an HTTP date", () => {
    expect(retryAfterMs("120", 0)).toBe(120_000);
    expect(retryAfterMs("Wed, 25 Nov 2026 10:00:30 GMT", Date.parse("2026-11-25T10:00:00Z"))).toBe(
      30_000,
    );
    expect(retryAfterMs("soon", 0)).toBeUndefined();
    expect(retryAfterMs(null, 0)).toBeUndefined();
  });
});

describe("changedFlagKeys", () => {
  const base: FlagDocument = {
    schemaVersion: 1,
    environment: "test",
    version: 1,
    flags: {
      plain: booleanFlag("plain", 1, true),
      staffOnly: {
        ...booleanFlag("staffOnly", 1, true),
        rules: [
          {
            id: "r1",
            clauses: [{ attribute: "key", op: "inSegment", values: ["admins"] }],
            serve: { variation: 0 },
          },
        ],
      },
      dependent: {
        ...booleanFlag("dependent", 1, true),
        prerequisites: [{ flag: "staffOnly", variation: "on" }],
      },
    },
    segments: {
      staff: { key: "staff", version: 1, included: ["ada"] },
      admins: {
        key: "admins",
        version: 1,
        rules: [{ clauses: [{ attribute: "key", op: "inSegment", values: ["staff"] }] }],
      },
    },
  };

  it("names every flag on the first document and none for the same one", () => {
    expect([...changedFlagKeys(undefined, base)].sort()).toEqual([
      "dependent",
      "plain",
      "staffOnly",
    ]);
    expect(changedFlagKeys(base, base)).toEqual([]);
    expect(changedFlagKeys(base, { ...base, flags: { ...base.flags } })).toEqual([]);
  });

  it("follows a segment change through segments and prerequisites", () => {
    const next = {
      ...base,
      segments: { ...base.segments, staff: { key: "staff", version: 2, included: [] } },
    };
    expect([...changedFlagKeys(base, next)].sort()).toEqual(["dependent", "staffOnly"]);
  });

  it("names removed flags", () => {
    const { plain: _removed, ...rest } = base.flags;
    expect(changedFlagKeys(base, { ...base, flags: rest })).toEqual(["plain"]);
  });
});
