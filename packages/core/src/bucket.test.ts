import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BUCKET_COUNT, bucket, bucketableValue } from "./bucket.js";
import { evaluate } from "./evaluate.js";
import { booleanFlag, documentOf } from "./test-documents.js";
import type { FlagDocument } from "./types.js";
import { validateDocument } from "./validate.js";

// Critical values of the chi-square distribution at p = 0.001, from SciPy 1.14:
// scipy.stats.chi2.ppf(0.999, 99) and scipy.stats.chi2.ppf(0.999, 81).
const CHI2_999_DF99 = 148.23035916510173;
const CHI2_999_DF81 = 126.08255833316952;

function chiSquare(observed: number[], expected: number): number {
  return observed.reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0);
}

function rolloutDocument(percentOn: number): FlagDocument {
  const on = Math.round(percentOn * 1000);
  const checked = validateDocument(
    documentOf([
      booleanFlag("rollout", { fallthrough: { rollout: { weights: [BUCKET_COUNT - on, on] } } }),
    ]),
  );
  if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
  return checked.document;
}

describe("bucket", () => {
  it("always gives the same context the same bucket, within 0 … 99999", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (salt, value) => {
        const first = bucket(salt, value);
        expect(bucket(salt, value)).toBe(first);
        expect(Number.isInteger(first) && first >= 0 && first < BUCKET_COUNT).toBe(true);
      }),
    );
  });

  it("spreads 100,000 keys uniformly over 100 ranges (chi-square, p > 0.001)", () => {
    for (const salt of ["new-checkout", "pricing-page", "düsseldorf-🚀"]) {
      const counts = new Array<number>(100).fill(0);
      for (let i = 0; i < 100_000; i++) {
        const index = Math.floor(bucket(salt, `user-${i}`) / 1000);
        counts[index] = (counts[index] as number) + 1;
      }
      expect(chiSquare(counts, 1000)).toBeLessThan(CHI2_999_DF99);
    }
  });

  it("assigns independently under two salts (chi-square test of independence, p > 0.001)", () => {
    const table = new Array<number>(100).fill(0);
    for (let i = 0; i < 100_000; i++) {
      const a = Math.floor(bucket("flag-a", `user-${i}`) / 10_000);
      const b = Math.floor(bucket("flag-b", `user-${i}`) / 10_000);
      table[a * 10 + b] = (table[a * 10 + b] as number) + 1;
    }
    expect(chiSquare(table, 1000)).toBeLessThan(CHI2_999_DF81);
  });

  it("only adds contexts when a rollout is raised (5 % → 25 % → 50 % → 100 %)", () => {
    const steps = [0, 5, 25, 50, 100].map(rolloutDocument);
    fc.assert(
      fc.property(fc.string(), (key) => {
        const served = steps.map((document) => evaluate(document, "rollout", { key }, false).value);
        const firstOn = served.indexOf(true);
        expect(served.slice(firstOn === -1 ? served.length : firstOn).every(Boolean)).toBe(true);
        expect(served[0]).toBe(false);
        expect(served[4]).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("serves each percentage within 1 point over 100,000 contexts", () => {
    for (const percent of [5, 25, 50]) {
      const document = rolloutDocument(percent);
      let on = 0;
      for (let i = 0; i < 100_000; i++)
        if (evaluate(document, "rollout", { key: `u${i}` }).value) on++;
      expect(Math.abs(on / 1000 - percent)).toBeLessThan(1);
    }
  });
});

describe("bucketableValue", () => {
  it("accepts strings and safe integers only", () => {
    expect(bucketableValue("abc")).toBe("abc");
    expect(bucketableValue(42)).toBe("42");
    expect(bucketableValue(-7)).toBe("-7");
    expect(bucketableValue(-0)).toBe("0");
    expect(bucketableValue(5.0)).toBe("5");
    for (const refused of [1.5, 2 ** 53, Number.NaN, true, null, undefined, ["a"], { a: 1 }]) {
      expect(bucketableValue(refused)).toBeUndefined();
    }
  });
});
