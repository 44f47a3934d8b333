/** Where a segment is used: links to each flag rule (and each segment) that refers to it. */
import { routeHref } from "../app/route.ts";
import type { SegmentUse } from "../lib/segment-usage.ts";

export interface SegmentUsageListProps {
  uses: readonly SegmentUse[];
  project: string;
  environment: string;
}

export function SegmentUsageList({ uses, project, environment }: SegmentUsageListProps) {
  if (uses.length === 0) return <span className="hint">Not used</span>;
  return (
    <ul style={{ margin: 0, paddingLeft: "1.1rem" }}>
      {uses.map((use) =>
        use.kind === "flag" ? (
          <li key={`flag:${use.flag}:${use.ruleId}`}>
            <a href={routeHref({ name: "flag", project, flag: use.flag, env: environment })}>
              {use.flag}
            </a>{" "}
            rule {use.ruleIndex + 1}
            {use.negated ? " (excluded)" : ""}
          </li>
        ) : (
          <li key={`segment:${use.segment}:${use.ruleIndex}`}>
            segment{" "}
            <a
              href={routeHref({ name: "segment", project, segment: use.segment, env: environment })}
            >
              {use.segment}
            </a>{" "}
            rule {use.ruleIndex + 1}
          </li>
        ),
      )}
    </ul>
  );
}
