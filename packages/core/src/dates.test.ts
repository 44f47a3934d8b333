import { describe, expect, it } from "vitest";
import { parseInstant } from "./dates.js";

describe("parseInstant", () => {
  it("reads dates and zoned date-times as Date.UTC would", () => {
    expect(parseInstant("2026-11-25")).toBe(Date.UTC(2026, 10, 25));
    expect(parseInstant("2026-11-25T10:30Z")).toBe(Date.UTC(2026, 10, 25, 10, 30));
    expect(parseInstant("2026-11-25T10:30:15.123456Z")).toBe(
      Date.UTC(2026, 10, 25, 10, 30, 15, 123),
    );
    expect(parseInstant("2026-11-25T10:30:15.5+02:00")).toBe(
      Date.UTC(2026, 10, 25, 8, 30, 15, 500),
    );
    expect(parseInstant("2024-02-29T23:59:59-05:30")).toBe(Date.UTC(2024, 2, 1, 5, 29, 59));
    expect(parseInstant("1969-12-31")).toBe(-86_400_000);
    expect(parseInstant("0001-01-01")).toBe(-62135596800000);
    expect(parseInstant(1_700_000_000_000)).toBe(1_700_000_000_000);
  });

  it("refuses zone-less date-times, impossible dates and anything else", () => {
    const refused = [
      "2026-11-25T10:30",
      "2026-02-29",
      "2026-13-01",
      "2026-04-31",
      "2026-11-25T24:00Z",
      "2026-11-25t10:30z",
      "2026-11-25 10:30Z",
      "25/11/2026",
      "",
      Number.POSITIVE_INFINITY,
      true,
      null,
    ];
    for (const value of refused) expect(parseInstant(value), String(value)).toBeUndefined();
  });
});
