/**
 * The flag list, windowed: only the rows in view (plus a margin) are in the DOM, so a project
 * with thousands of flags renders and scrolls as fast as one with ten. Rows have a fixed height
 * (the --row-height CSS variable, taller on phones); focus moving to a row scrolls it into view,
 * which renders the next ones, so Tab walks the whole list.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import type { Environment, FlagSummary } from "../api/types.ts";
import { FlagRow } from "./flag-row.tsx";

export interface FlagListProps {
  flags: readonly FlagSummary[];
  project: string;
  environment: string;
  environments: readonly Environment[];
  /** When this changes (new filters), the list scrolls back to the top. */
  scrollResetKey: string;
  /** Called after the DOM shows `flags` (for render-time measurements). */
  onRendered?: (flags: readonly FlagSummary[]) => void;
}

const OVERSCAN = 8;
const FALLBACK_ROW_HEIGHT = 64;

export function FlagList(props: FlagListProps) {
  const { flags, project, environment, environments, scrollResetKey, onRendered } = props;
  const containerRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState({ height: 640, rowHeight: FALLBACK_ROW_HEIGHT });

  const measure = useCallback(() => {
    const container = containerRef.current;
    if (!container) return;
    const cssHeight = Number.parseFloat(
      getComputedStyle(container).getPropertyValue("--row-height"),
    );
    const rowHeight = Number.isFinite(cssHeight) && cssHeight > 0 ? cssHeight : FALLBACK_ROW_HEIGHT;
    const height = container.clientHeight || window.innerHeight;
    setViewport((current) =>
      current.height === height && current.rowHeight === rowHeight
        ? current
        : { height, rowHeight },
    );
  }, []);

  useLayoutEffect(() => {
    measure();
    window.addEventListener("resize", measure);
    return () => window.removeEventListener("resize", measure);
  }, [measure]);

  useLayoutEffect(() => {
    onRendered?.(flags);
  }, [flags, onRendered]);

  // New filters start at the top; a live refresh of the same filters keeps the scroll position.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the key changes, by design
  useEffect(() => {
    if (containerRef.current) containerRef.current.scrollTop = 0;
    setScrollTop(0);
  }, [scrollResetKey]);

  const { rowHeight, height } = viewport;
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN);
  const last = Math.min(flags.length, Math.ceil((scrollTop + height) / rowHeight) + OVERSCAN);
  const rows = [];
  for (let index = first; index < last; index++) {
    const flag = flags[index];
    if (!flag) continue;
    rows.push(
      <FlagRow
        key={flag.key}
        flag={flag}
        project={project}
        environment={environment}
        environments={environments}
        top={index * rowHeight}
        position={index + 1}
        total={flags.length}
      />,
    );
  }

  return (
    <div
      className="flag-list"
      ref={containerRef}
      onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
      data-testid="flag-list"
    >
      {flags.length === 0 ? (
        <p className="empty">No flags match.</p>
      ) : (
        <ul
          className="flag-list-inner"
          style={{ height: flags.length * rowHeight }}
          aria-label="Flags"
        >
          {rows}
        </ul>
      )}
    </div>
  );
}
