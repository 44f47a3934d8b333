/** The exposure deduper's bounds and guarantees, over arbitrary sequences of exposures. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ExposureDeduper } from "../../src/events/exposure-deduper.js";

const exposure = fc.record({
  flag: fc.constantFrom("f1", "f2", "f3"),
  variation: fc.constantFrom("a", "b"),
  context: fc.integer({ min: 0, max: 30 }).map((n) => `user-${n}`),
});

describe("ExposureDeduper", () => {
  it("never holds more pairs than its capacity, and never repeats back-to-back", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.array(exposure, { maxLength: 300 }),
        (capacity, seq) => {
          const deduper = new ExposureDeduper(capacity);
          for (const e of seq) {
            deduper.firstSeen(e.flag, e.variation, e.context);
            expect(deduper.size).toBeLessThanOrEqual(capacity);
            expect(deduper.firstSeen(e.flag, e.variation, e.context)).toBe(false);
          }
        },
      ),
    );
  });

  it("reports each exposure exactly once while everything fits", () => {
    fc.assert(
      fc.property(fc.array(exposure, { maxLength: 300 }), (seq) => {
        const deduper = new ExposureDeduper(1_000);
        const last = new Map<string, string>();
        for (const e of seq) {
          const key = `${e.flag}|${e.context}`;
          expect(deduper.firstSeen(e.flag, e.variation, e.context)).toBe(
            last.get(key) !== e.variation,
          );
          last.set(key, e.variation);
        }
      }),
    );
  });

  it("keeps a context used since the last sweep, and forgets an idle one first", () => {
    const deduper = new ExposureDeduper(2);
    expect(deduper.firstSeen("f", "a", "busy")).toBe(true);
    expect(deduper.firstSeen("f", "a", "idle")).toBe(true);
    expect(deduper.firstSeen("f", "a", "busy")).toBe(false);
    expect(deduper.firstSeen("f", "a", "new")).toBe(true);
    expect(deduper.firstSeen("f", "a", "busy")).toBe(false);
    expect(deduper.firstSeen("f", "a", "idle")).toBe(true);
  });
});
