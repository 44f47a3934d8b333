import { xxh32Utf8 } from "./xxh32.js";

/** Number of buckets: weights are in units of 0.001 %, so 100000 of them make 100 %. */
export const BUCKET_COUNT = 100000;

/**
 * The bucket, 0 … 99999, of `value` for a flag salted with `salt`:
 * `floor(xxh32(salt + "." + value) × 100000 / 2^32)`. Integer scaling rather than a modulo, so
 * no bucket is favoured; the product stays below 2^53 and is exact in a double.
 */
export function bucket(salt: string, value: string): number {
  return bucketWithPrefix(`${salt}.`, value);
}

/** `bucket` for a flag whose `salt + "."` was built once, when it was compiled. */
export function bucketWithPrefix(saltPrefix: string, value: string): number {
  return Math.floor((xxh32Utf8(saltPrefix, value) * BUCKET_COUNT) / 4294967296);
}

/**
 * The string a context attribute is bucketed by, or `undefined` when it cannot be: strings as
 * they are, integers of magnitude up to 2^53 − 1 in base 10 (the three SDKs agree on those).
 */
export function bucketableValue(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isSafeInteger(value)) return String(value);
  return undefined;
}
