import { describe, expect, it } from "vitest";
import type { FlagSummary } from "../api/types.ts";
import {
  DEFAULT_FILTERS,
  filterFlags,
  isStale,
  STALE_AFTER_MS,
  tagsOf,
  tracksEvaluations,
} from "./flag-filters.ts";

const NOW = Date.parse("2025-06-01T00:00:00Z");
const daysAgo = (days: number) => new Date(NOW - days * 86_400_000).toISOString();

function flag(
  key: string,
  options: Partial<FlagSummary> & { on?: boolean; productionUpdatedAt?: string } = {},
): FlagSummary {
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
    environments: {
      production: {
        enabled: options.on ?? false,
        version: 1,
        updatedAt: options.productionUpdatedAt ?? daysAgo(60),
      },
      staging: { enabled: false, version: 1, updatedAt: daysAgo(3) },
    },
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

  it("calls a flag stale in an environment when neither it nor its configuration there changed, nor an SDK evaluated it, for 30 days", () => {
    expect(
      keys(filterFlags(flags, { ...DEFAULT_FILTERS, staleOnly: true }, "production", NOW)),
    ).toEqual(["search-v2"]);
    // Changed in staging 3 days ago: not stale there.
    expect(
      keys(filterFlags(flags, { ...DEFAULT_FILTERS, staleOnly: true }, "staging", NOW)),
    ).toEqual([]);
    const at = (ms: number) => new Date(NOW - ms).toISOString();
    const edge = (ms: number) =>
      flag("edge", { updatedAt: daysAgo(400), productionUpdatedAt: at(ms) });
    expect(isStale(edge(STALE_AFTER_MS), "production", NOW)).toBe(false);
    expect(isStale(edge(STALE_AFTER_MS + 1), "production", NOW)).toBe(true);
    // The flag's own change (name, tags, variations) counts in every environment.
    expect(
      isStale(
        flag("renamed", { updatedAt: daysAgo(2), productionUpdatedAt: daysAgo(90) }),
        "production",
        NOW,
      ),
    ).toBe(false);
    // A server without per-environment times: the flag's own time decides.
    const old = flag("old", { updatedAt: daysAgo(45) });
    delete old.environments.production?.updatedAt;
    expect(isStale(old, "production", NOW)).toBe(true);
  });

  it("knows whether the server reports evaluations", () => {
    expect(tracksEvaluations(flags)).toBe(true);
    expect(tracksEvaluations([flag("a"), flag("b")])).toBe(false);
  });

  it("lists every tag once, sorted", () => {
    expect(tagsOf([...flags, flag("x", { tags: ["checkout", "beta"] })])).toEqual([
      "beta",
      "checkout",
      "search",
    ]);
  });
});
