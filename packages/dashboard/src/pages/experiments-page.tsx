/** The project's experiments, with their flag, environment and status; start and stop from here. */
import { useState } from "react";
import { allPages } from "../api/client.ts";
import type { Experiment } from "../api/types.ts";
import { useProject } from "../app/project-context.ts";
import { routeHref } from "../app/route.ts";
import { useSession } from "../app/session-context.ts";
import { ErrorNotice } from "../components/error-notice.tsx";
import { ExperimentStatusBadge } from "../components/experiment-status-badge.tsx";
import { formatDateTime } from "../lib/format.ts";
import { useAsync } from "../lib/use-async.ts";

export function ExperimentsPage() {
  const { client } = useSession();
  const { project, environment, revision } = useProject();
  const [actionError, setActionError] = useState<unknown>();
  const [busy, setBusy] = useState<string>();
  const experiments = useAsync(
    () =>
      allPages((cursor) =>
        client.experiments.list(project.key, { limit: 200, ...(cursor ? { cursor } : {}) }),
      ),
    [client, project.key, revision],
  );

  const transition = async (experiment: Experiment, to: "start" | "stop") => {
    setBusy(experiment.key);
    setActionError(undefined);
    try {
      const updated = await (to === "start"
        ? client.experiments.start(project.key, experiment.key, experiment.version)
        : client.experiments.stop(project.key, experiment.key, experiment.version));
      experiments.setData((current) =>
        (current ?? []).map((item) => (item.key === updated.key ? updated : item)),
      );
    } catch (reason) {
      setActionError(reason);
      experiments.reload();
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Experiments</h1>
          <p className="hint">
            A flag's rollout, measured: exposures and conversions from the SDKs, compared with
            control.
          </p>
        </div>
        <a
          className="button primary"
          href={routeHref({ name: "experiment-new", project: project.key, env: environment.key })}
        >
          + Create experiment
        </a>
      </div>
      <ErrorNotice error={experiments.error} action="Loading experiments" />
      <ErrorNotice error={actionError} action="Changing the experiment" />
      {experiments.data === undefined ? (
        <p aria-live="polite">Loading experiments…</p>
      ) : experiments.data.length === 0 ? (
        <p className="empty">No experiments yet.</p>
      ) : (
        <div className="table-wrap card">
          <table>
            <caption className="visually-hidden">Experiments</caption>
            <thead>
              <tr>
                <th scope="col">Experiment</th>
                <th scope="col">Flag</th>
                <th scope="col">Environment</th>
                <th scope="col">Status</th>
                <th scope="col">Started</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {experiments.data.map((experiment) => (
                <tr key={experiment.key}>
                  <td>
                    <a
                      href={routeHref({
                        name: "experiment",
                        project: project.key,
                        experiment: experiment.key,
                        env: environment.key,
                      })}
                    >
                      {experiment.name}
                    </a>
                    {experiment.name !== experiment.key && (
                      <div className="hint mono">{experiment.key}</div>
                    )}
                  </td>
                  <td>
                    <a
                      href={routeHref({
                        name: "flag",
                        project: project.key,
                        flag: experiment.flag,
                        env: experiment.environment,
                      })}
                    >
                      <code>{experiment.flag}</code>
                    </a>
                  </td>
                  <td>{experiment.environment}</td>
                  <td>
                    <ExperimentStatusBadge status={experiment.status} />
                  </td>
                  <td>{formatDateTime(experiment.startedAt)}</td>
                  <td>
                    {experiment.status === "draft" && (
                      <button
                        type="button"
                        className="small"
                        disabled={busy === experiment.key}
                        onClick={() => transition(experiment, "start")}
                      >
                        Start
                      </button>
                    )}
                    {experiment.status === "running" && (
                      <button
                        type="button"
                        className="small"
                        disabled={busy === experiment.key}
                        onClick={() => transition(experiment, "stop")}
                      >
                        Stop
                      </button>
                    )}
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
