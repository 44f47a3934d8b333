/** Search and filters above the flag list: text, on/off in this environment, tag, archived, stale. */
import { DEFAULT_FILTERS, type FlagFilters, STALE_AFTER_DAYS } from "../lib/flag-filters.ts";

export interface FlagFiltersBarProps {
  filters: FlagFilters;
  tags: readonly string[];
  environmentName: string;
  /** Whether the server reports when SDKs last evaluated each flag. */
  evaluationsTracked: boolean;
  onChange(filters: FlagFilters): void;
}

export function FlagFiltersBar({
  filters,
  tags,
  environmentName,
  evaluationsTracked,
  onChange,
}: FlagFiltersBarProps) {
  const set = <K extends keyof FlagFilters>(key: K, value: FlagFilters[K]) =>
    onChange({ ...filters, [key]: value });
  return (
    <search className="filters" aria-label="Filter flags">
      <div className="field search">
        <label htmlFor="flag-search">Search</label>
        <input
          id="flag-search"
          type="search"
          placeholder="Key, name, description or tag"
          value={filters.q}
          onChange={(event) => set("q", event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="flag-enabled">In {environmentName}</label>
        <select
          id="flag-enabled"
          value={filters.enabled}
          onChange={(event) => set("enabled", event.target.value as FlagFilters["enabled"])}
        >
          <option value="any">On or off</option>
          <option value="on">On</option>
          <option value="off">Off</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="flag-tag">Tag</label>
        <select
          id="flag-tag"
          value={filters.tag}
          onChange={(event) => set("tag", event.target.value)}
        >
          <option value="">Any tag</option>
          {tags.map((tag) => (
            <option key={tag} value={tag}>
              {tag}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="flag-archived">Status</label>
        <select
          id="flag-archived"
          value={filters.archived}
          onChange={(event) => set("archived", event.target.value as FlagFilters["archived"])}
        >
          <option value="active">Active</option>
          <option value="archived">Archived</option>
        </select>
      </div>
      <div className="field">
        <label className="inline-check">
          <input
            type="checkbox"
            checked={filters.staleOnly}
            aria-describedby={filters.staleOnly ? "flag-stale-help" : undefined}
            onChange={(event) => set("staleOnly", event.target.checked)}
          />
          {evaluationsTracked
            ? `Stale only (not changed or evaluated for ${STALE_AFTER_DAYS} days)`
            : `Stale only (not changed for ${STALE_AFTER_DAYS} days)`}
        </label>
        <button type="button" className="small" onClick={() => onChange(DEFAULT_FILTERS)}>
          Clear filters
        </button>
      </div>
      {filters.staleOnly && (
        <p id="flag-stale-help" className="hint filters-note">
          {evaluationsTracked
            ? `Stale: neither the flag nor its configuration in ${environmentName} changed, and no SDK evaluated it, for ${STALE_AFTER_DAYS} days.`
            : `Stale: neither the flag nor its configuration in ${environmentName} changed for ${STALE_AFTER_DAYS} days. This server does not record evaluations, so a stale flag may still be in use.`}
        </p>
      )}
    </search>
  );
}
