/**
 * The flag list's filters, applied in the browser over the project's flags (loaded once, then
 * kept live): searching and filtering a thousand flags this way takes well under a millisecond
 * per keystroke, with no request per keystroke.
 */
import type { FlagSummary } from "../api/types.ts";

export type EnabledFilter = "any" | "on" | "off";
export type ArchivedFilter = "active" | "archived";

export interface FlagFilters {
  q: string;
  enabled: EnabledFilter;
  tag: string;
  archived: ArchivedFilter;
  staleOnly: boolean;
}

export const DEFAULT_FILTERS: FlagFilters = {
  q: "",
  enabled: "any",
  tag: "",
  archived: "active",
  staleOnly: false,
};

/** A flag is stale when nothing changed (or evaluated) it for this long. */
export const STALE_AFTER_DAYS = 30;
export const STALE_AFTER_MS = STALE_AFTER_DAYS * 24 * 60 * 60 * 1000;

/**
 * Stale in an environment: neither its configuration there (on/off, rules, rollout …) nor the
 * flag itself (name, tags, variations …) changed for 30 days — and, when the server records
 * evaluations (`lastEvaluatedAt`), no SDK evaluated it either. The reference server records no
 * evaluations, so there "stale" means "unchanged for 30 days", which the filter says.
 */
export function isStale(flag: FlagSummary, environmentKey: string, now: number): boolean {
  const latest = Math.max(
    timeOf(flag.updatedAt),
    timeOf(flag.environments[environmentKey]?.updatedAt),
    timeOf(flag.lastEvaluatedAt),
  );
  return now - latest > STALE_AFTER_MS;
}

/** Whether any flag carries an evaluation time (else stale can only mean "unchanged"). */
export function tracksEvaluations(flags: readonly FlagSummary[]): boolean {
  return flags.some((flag) => flag.lastEvaluatedAt !== undefined);
}

function timeOf(iso: string | null | undefined): number {
  const time = iso ? Date.parse(iso) : Number.NaN;
  return Number.isNaN(time) ? 0 : time;
}

export function filterFlags(
  flags: readonly FlagSummary[],
  filters: FlagFilters,
  environmentKey: string,
  now: number,
): FlagSummary[] {
  const q = filters.q.trim().toLowerCase();
  const tag = filters.tag.toLowerCase();
  const wantArchived = filters.archived === "archived";
  return flags.filter((flag) => {
    if (flag.archived !== wantArchived) return false;
    if (q !== "" && !matchesText(flag, q)) return false;
    if (tag !== "" && !flag.tags.includes(tag)) return false;
    if (filters.enabled !== "any") {
      const state = flag.environments[environmentKey];
      if (!state || state.enabled !== (filters.enabled === "on")) return false;
    }
    if (filters.staleOnly && !isStale(flag, environmentKey, now)) return false;
    return true;
  });
}

function matchesText(flag: FlagSummary, q: string): boolean {
  return (
    flag.key.toLowerCase().includes(q) ||
    flag.name.toLowerCase().includes(q) ||
    flag.description.toLowerCase().includes(q) ||
    flag.tags.some((tag) => tag.includes(q))
  );
}

/** Every tag in use, sorted, for the tag filter. */
export function tagsOf(flags: readonly FlagSummary[]): string[] {
  const tags = new Set<string>();
  for (const flag of flags) for (const tag of flag.tags) tags.add(tag);
  return [...tags].sort();
}
