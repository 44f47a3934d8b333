/**
 * The project's flags: search and filters over the whole list (loaded once, reloaded when any
 * environment changes), the on/off state in every environment at a glance, and a windowed list
 * that stays fast with thousands of flags. Render time is recorded with performance marks
 * (`flagswitch:flag-list-render`, `flagswitch:flag-filter-render`), which the browser test reads.
 */
import { useCallback, useMemo, useRef, useState } from "react";
import { allPages } from "../api/client.ts";
import { useProject } from "../app/project-context.ts";
import { routeHref } from "../app/route.ts";
import { useSession } from "../app/session-context.ts";
import { ErrorNotice } from "../components/error-notice.tsx";
import { FlagFiltersBar } from "../components/flag-filters-bar.tsx";
import { FlagList } from "../components/flag-list.tsx";
import {
  DEFAULT_FILTERS,
  type FlagFilters,
  filterFlags,
  tagsOf,
  tracksEvaluations,
} from "../lib/flag-filters.ts";
import { useAsync } from "../lib/use-async.ts";

export const FLAG_LIST_MARKS = {
  data: "flagswitch:flags-loaded",
  rendered: "flagswitch:flags-rendered",
  measure: "flagswitch:flag-list-render",
  filterStart: "flagswitch:filter-changed",
  filterRendered: "flagswitch:filter-rendered",
  filterMeasure: "flagswitch:flag-filter-render",
  /** From the data to the first frame drawn after it (the commit plus layout and paint). */
  painted: "flagswitch:flags-painted",
  paintMeasure: "flagswitch:flag-list-paint",
} as const;

export function FlagsPage() {
  const { client } = useSession();
  const { project, environment, environments, revision } = useProject();
  const [filters, setFilters] = useState<FlagFilters>(DEFAULT_FILTERS);
  const pending = useRef<"data" | "filter" | null>(null);
  const archived = filters.archived === "archived";

  const flags = useAsync(
    async (signal) => {
      const items = await allPages((cursor) =>
        client.flags.list(
          project.key,
          { limit: 200, archived, ...(cursor ? { cursor } : {}) },
          signal,
        ),
      );
      performance.mark(FLAG_LIST_MARKS.data);
      pending.current = "data";
      return items;
    },
    // `revision` changes when anyone writes a flag: the list shows it without a reload.
    [client, project.key, archived, revision],
  );

  // Staleness is judged against when the list was loaded, so filtering stays a pure function.
  const now = useMemo(() => (flags.data ? Date.now() : 0), [flags.data]);
  const all = useMemo(() => flags.data ?? [], [flags.data]);
  const shown = useMemo(
    () => filterFlags(all, filters, environment.key, now),
    [all, filters, environment.key, now],
  );
  const tags = useMemo(() => tagsOf(all), [all]);
  const evaluationsTracked = useMemo(() => tracksEvaluations(all), [all]);

  const onRendered = useCallback(() => {
    const kind = pending.current;
    if (kind === null) return;
    pending.current = null;
    const [start, end, name] =
      kind === "data"
        ? [FLAG_LIST_MARKS.data, FLAG_LIST_MARKS.rendered, FLAG_LIST_MARKS.measure]
        : [
            FLAG_LIST_MARKS.filterStart,
            FLAG_LIST_MARKS.filterRendered,
            FLAG_LIST_MARKS.filterMeasure,
          ];
    performance.mark(end);
    performance.measure(name, start, end);
    if (kind === "data") {
      // A frame callback runs before that frame is painted; a task queued from it runs after.
      requestAnimationFrame(() =>
        setTimeout(() => {
          performance.mark(FLAG_LIST_MARKS.painted);
          performance.measure(
            FLAG_LIST_MARKS.paintMeasure,
            FLAG_LIST_MARKS.data,
            FLAG_LIST_MARKS.painted,
          );
        }, 0),
      );
    }
  }, []);

  const changeFilters = (next: FlagFilters) => {
    performance.mark(FLAG_LIST_MARKS.filterStart);
    pending.current = "filter";
    setFilters(next);
  };

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Flags</h1>
          <p className="hint">
            {project.name} · showing state in <strong>{environment.name}</strong>
          </p>
        </div>
        <a
          className="button primary"
          href={routeHref({ name: "flag-new", project: project.key, env: environment.key })}
        >
          + Create flag
        </a>
      </div>
      <FlagFiltersBar
        filters={filters}
        tags={tags}
        environmentName={environment.name}
        evaluationsTracked={evaluationsTracked}
        onChange={changeFilters}
      />
      <ErrorNotice error={flags.error} action="Loading flags" />
      {flags.data === undefined && flags.loading ? (
        <p aria-live="polite">Loading flags…</p>
      ) : (
        <>
          <p className="list-meta" aria-live="polite">
            {shown.length === all.length
              ? `${all.length} flags`
              : `${shown.length} of ${all.length} flags match`}
          </p>
          <FlagList
            flags={shown}
            project={project.key}
            environment={environment.key}
            environments={environments}
            scrollResetKey={JSON.stringify(filters)}
            onRendered={onRendered}
          />
        </>
      )}
    </>
  );
}
