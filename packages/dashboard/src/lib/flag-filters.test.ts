import { describe, expect, it } from "vitest";
import type { FlagSummary } from "../api/types.ts";
import { DEFAULT_FILTERS, filterFlags, isStale, STALE_AFTER_MS, tagsOf } from "./flag-filters.ts";

const NOW = Date.parse("2025-06-01T00:00:00Z");
const daysAgo = (days: number) => new Date(NOW - days * 86_400_000).toISOString();

function flag(key: string, options: Partial<FlagSummary> & { on?: boolean } = {}): FlagSummary {
  return {
    key,
    name: options.name ?? key,
    description: options.description ?? "",
    tags: options.tags ?? [],
    clientSide: false,
    archived: options.archived ?? false,
    version: 1,
    createdAt: daysAgo(100),
    updatedAt: options.updatedAt ?? daysAgo(1),
    environments: { production: { enabled: options.on ?? false, version: 1 } },
    ...(options.lastEvaluatedAt !== undefined ? { lastEvaluatedAt: options.lastEvaluatedAt } : {}),
  };
}

const flags = [
  flag("new-checkout", { name: "New checkout", tags: ["checkout"], on: true }),
  flag("search-v2", { description: "Faster search", tags: ["search"], updatedAt: daysAgo(45) }),
  flag("old-banner", { archived: true, updatedAt: daysAgo(400) }),
  flag("dark-mode", { updatedAt: daysAgo(90), lastEvaluatedAt: daysAgo(2), on: true }),
];

const keys = (result: FlagSummary[]) => result.map((item) => item.key);

describe("flag list filters", () => {
  it("shows active flags by default", () => {
    expect(keys(filterFlags(flags, DEFAULT_FILTERS, "production", NOW))).toEqual([
      "new-checkout",
      "search-v2",
      "dark-mode",
    ]);
  });

  it("searches key, name, description and tags, ignoring case", () => {
    const search = (q: string) =>
      keys(filterFlags(flags, { ...DEFAULT_FILTERS, q }, "production", NOW));
    expect(search("CHECKOUT")).toEqual(["new-checkout"]);
    expect(search("faster")).toEqual(["search-v2"]);
    expect(search("mode")).toEqual(["dark-mode"]);
  });

  it("filters by on/off in the chosen environment, by tag and by archive", () => {
    expect(
      keys(filterFlags(flags, { ...DEFAULT_FILTERS, enabled: "on" }, "production", NOW)),
    ).toEqual(["new-checkout", "dark-mode"]);
    expect(
      keys(filterFlags(flags, { ...DEFAULT_FILTERS, enabled: "off" }, "production", NOW)),
    ).toEqual(["search-v2"]);
    expect(keys(filterFlags(flags, { ...DEFAULT_FILTERS, enabled: "on" }, "staging", NOW))).toEqual(
      [],
    );
    expect(
      keys(filterFlags(flags, { ...DEFAULT_FILTERS, tag: "search" }, "production", NOW)),
    ).toEqual(["search-v2"]);
    expect(
      keys(filterFlags(flags, { ...DEFAULT_FILTERS, archived: "archived" }, "production", NOW)),
    ).toEqual(["old-banner"]);
  });

  it("calls a flag stale when it was neither changed nor evaluated for 30 days", () => {
    expect(
      keys(filterFlags(flags, { ...DEFAULT_FILTERS, staleOnly: true }, "production", NOW)),
    ).toEqual(["search-v2"]);
    expect(
      isStale(flag("edge", { updatedAt: new Date(NOW - STALE_AFTER_MS).toISOString() }), NOW),
    ).toBe(false);
    expect(
      isStale(flag("edge", { updatedAt: new Date(NOW - STALE_AFTER_MS - 1).toISOString() }), NOW),
    ).toBe(true);
  });

  it("lists every tag once, sorted", () => {
    expect(tagsOf([...flags, flag("x", { tags: ["checkout", "beta"] })])).toEqual([
      "beta",
      "checkout",
      "search",
    ]);
  });
});
