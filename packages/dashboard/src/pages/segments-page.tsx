/** The environment's segments: their size, rules, and every flag and segment that uses each one. */
import { useMemo } from "react";
import { allPages } from "../api/client.ts";
import { useProject } from "../app/project-context.ts";
import { routeHref } from "../app/route.ts";
import { useSession } from "../app/session-context.ts";
import { ErrorNotice } from "../components/error-notice.tsx";
import { SegmentUsageList } from "../components/segment-usage-list.tsx";
import { segmentUsage } from "../lib/segment-usage.ts";
import { useAsync } from "../lib/use-async.ts";

export function SegmentsPage() {
  const { client } = useSession();
  const { project, environment, revision } = useProject();
  const segments = useAsync(
    () =>
      allPages((cursor) =>
        client.segments.list(project.key, environment.key, {
          limit: 200,
          ...(cursor ? { cursor } : {}),
        }),
      ),
    [client, project.key, environment.key, revision],
  );
  const document = useAsync(
    (signal) => client.environments.document(project.key, environment.key, signal),
    [client, project.key, environment.key, revision],
  );
  const usage = useMemo(
    () => (document.data ? segmentUsage(document.data) : new Map()),
    [document.data],
  );

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Segments</h1>
          <p className="hint">
            Audiences rules can target with <code>is in segment</code>. Segments belong to one
            environment: <strong>{environment.name}</strong>.
          </p>
        </div>
        <a
          className="button primary"
          href={routeHref({ name: "segment-new", project: project.key, env: environment.key })}
        >
          + Create segment
        </a>
      </div>
      <ErrorNotice error={segments.error ?? document.error} action="Loading segments" />
      {segments.data === undefined ? (
        <p aria-live="polite">Loading segments…</p>
      ) : segments.data.length === 0 ? (
        <p className="empty">No segments in {environment.name} yet.</p>
      ) : (
        <div className="table-wrap card">
          <table>
            <caption className="visually-hidden">Segments in {environment.name}</caption>
            <thead>
              <tr>
                <th scope="col">Segment</th>
                <th scope="col" className="num">
                  Included
                </th>
                <th scope="col" className="num">
                  Excluded
                </th>
                <th scope="col" className="num">
                  Rules
                </th>
                <th scope="col">Used by</th>
              </tr>
            </thead>
            <tbody>
              {segments.data.map((segment) => (
                <tr key={segment.key}>
                  <td>
                    <a
                      href={routeHref({
                        name: "segment",
                        project: project.key,
                        segment: segment.key,
                        env: environment.key,
                      })}
                    >
                      <code>{segment.key}</code>
                    </a>
                    {segment.name !== segment.key && <div className="hint">{segment.name}</div>}
                  </td>
                  <td className="num">{segment.included.length}</td>
                  <td className="num">{segment.excluded.length}</td>
                  <td className="num">{segment.rules.length}</td>
                  <td>
                    <SegmentUsageList
                      uses={usage.get(segment.key) ?? []}
                      project={project.key}
                      environment={environment.key}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
