import { describe, expect, it } from "vitest";
import { newIdempotencyKey } from "./idempotency-key.ts";

describe("newIdempotencyKey", () => {
  it("makes version-4 UUIDs from getRandomValues (which exists outside secure contexts too)", () => {
    const keys = new Set(Array.from({ length: 1000 }, () => newIdempotencyKey()));
    expect(keys.size).toBe(1000);
    for (const key of keys)
      expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("sets the version and variant bits whatever the random bytes", () => {
    const allOnes: Pick<Crypto, "getRandomValues"> = {
      getRandomValues<T extends ArrayBufferView | null>(array: T): T {
        if (array) new Uint8Array(array.buffer, array.byteOffset, array.byteLength).fill(255);
        return array;
      },
    };
    expect(newIdempotencyKey(allOnes)).toBe("ffffffff-ffff-4fff-bfff-ffffffffffff");
  });
});
