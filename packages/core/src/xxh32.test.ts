import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { xxh32, xxh32Utf8 } from "./xxh32.js";

const utf8 = new TextEncoder();

describe("xxh32", () => {
  it("matches the reference values quoted in DESIGN.md", () => {
    expect(xxh32("")).toBe(0x02cc5d05);
    expect(xxh32("abc")).toBe(0x32d153ff);
  });

  it("hashes a string exactly as its UTF-8 bytes, across every stripe and tail length", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 80 }), fc.nat(), (text, seed) => {
        expect(xxh32(text, seed)).toBe(xxh32(utf8.encode(text), seed));
      }),
      { numRuns: 2000 },
    );
  });

  it("hashes a prefix and a text as their concatenation, ASCII or not", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: "grapheme" })),
        fc.string({ unit: "binary" }),
        (a, b) => {
          expect(xxh32Utf8(a, b)).toBe(xxh32(utf8.encode(a + b)));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("encodes lone surrogates as U+FFFD, like TextEncoder", () => {
    for (const text of ["\ud800", "a\udc00b", "\ud83d", "x\ud83dy", "\udfff\ud800"]) {
      expect(xxh32(text)).toBe(xxh32(utf8.encode(text)));
      expect(xxh32(text)).toBe(xxh32(text.replace(/[\ud800-\udfff]/g, "\ufffd")));
    }
  });
});
