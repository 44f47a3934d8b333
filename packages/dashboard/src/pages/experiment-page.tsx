/**
 * One experiment: what it tests, start/stop, and its results — the plain-language verdict
 * first, then per metric each variation's rate with its 95 % interval (drawn and in a table),
 * the lift over control, p-value and chance to beat control, and a warning when the traffic
 * split does not match the configuration (sample-ratio mismatch), which makes results suspect.
 */
import { useState } from "react";
import { ApiError } from "../api/problem.ts";
import type { Metric } from "../api/types.ts";
import { useProject } from "../app/project-context.ts";
import { routeHref } from "../app/route.ts";
import { useSession } from "../app/session-context.ts";
import { ErrorNotice } from "../components/error-notice.tsx";
import { ExperimentResultsView } from "../components/experiment-results-view.tsx";
import { ExperimentStatusBadge } from "../components/experiment-status-badge.tsx";
import { ModalDialog } from "../components/modal-dialog.tsx";
import { formatDateTime } from "../lib/format.ts";
import { useAsync } from "../lib/use-async.ts";

export interface ExperimentPageProps {
  experimentKey: string;
}

export function ExperimentPage({ experimentKey }: ExperimentPageProps) {
  const { client } = useSession();
  const { project, environment, revision } = useProject();
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<unknown>();
  const [confirmStop, setConfirmStop] = useState(false);
  const experiment = useAsync(
    () => client.experiments.get(project.key, experimentKey),
    [client, project.key, experimentKey, revision],
  );
  const results = useAsync(
    () => client.experiments.results(project.key, experimentKey),
    [client, project.key, experimentKey, revision, experiment.data?.status],
  );

  const transition = async (to: "start" | "stop") => {
    if (!experiment.data) return;
    setBusy(true);
    setActionError(undefined);
    try {
      const updated = await (to === "start"
        ? client.experiments.start(project.key, experimentKey, experiment.data.version)
        : client.experiments.stop(project.key, experimentKey, experiment.data.version));
      experiment.setData(updated);
      setConfirmStop(false);
    } catch (reason) {
      setActionError(reason);
      experiment.reload();
    } finally {
      setBusy(false);
    }
  };

  if (experiment.error)
    return (
      <ErrorNotice error={experiment.error} action={`Loading experiment "${experimentKey}"`} />
    );
  const data = experiment.data;
  if (!data) return <p aria-live="polite">Loading experiment…</p>;
  const resultsMissing = results.error instanceof ApiError && results.error.status === 404;

  return (
    <>
      <div className="page-header">
        <div className="grow">
          <p className="breadcrumb">
            <a
              href={routeHref({ name: "experiments", project: project.key, env: environment.key })}
            >
              Experiments
            </a>{" "}
            /
          </p>
          <h1>
            {data.name} <ExperimentStatusBadge status={data.status} />
          </h1>
          <p className="hint">
            Flag{" "}
            <a
              href={routeHref({
                name: "flag",
                project: project.key,
                flag: data.flag,
                env: data.environment,
              })}
            >
              <code>{data.flag}</code>
            </a>{" "}
            in {data.environment} · started {formatDateTime(data.startedAt)}
            {data.stoppedAt ? ` · stopped ${formatDateTime(data.stoppedAt)}` : ""}
          </p>
        </div>
        <div className="row">
          {data.status === "draft" && (
            <button
              type="button"
              className="primary"
              disabled={busy}
              onClick={() => transition("start")}
            >
              Start experiment
            </button>
          )}
          {data.status === "running" && (
            <button
              type="button"
              className="danger"
              disabled={busy}
              onClick={() => setConfirmStop(true)}
            >
              Stop experiment
            </button>
          )}
        </div>
      </div>
      <ErrorNotice error={actionError} action="Changing the experiment" />
      {data.hypothesis && (
        <section className="card" aria-labelledby="experiment-hypothesis">
          <h2 id="experiment-hypothesis">Hypothesis</h2>
          <p>{data.hypothesis}</p>
        </section>
      )}
      {(data.controlVariation || data.primaryMetric) && (
        <p className="hint" data-testid="experiment-definition">
          Control <code>{data.controlVariation ?? "the first variation"}</code> · primary metric{" "}
          {data.primaryMetric ? (
            <MetricName metric={data.primaryMetric} />
          ) : (
            "none yet (needed to start)"
          )}
          {(data.secondaryMetrics ?? []).length > 0 && (
            <>
              {" "}
              · secondary{" "}
              {(data.secondaryMetrics ?? []).map((metric, index) => (
                <span key={metric.eventKey}>
                  {index > 0 && ", "}
                  <MetricName metric={metric} />
                </span>
              ))}
            </>
          )}
        </p>
      )}

      <section aria-labelledby="experiment-results">
        <div className="row">
          <h2 id="experiment-results" className="grow">
            Results
          </h2>
          {/* Exposures and conversions arrive all the time and are no "change": read them on demand. */}
          {!resultsMissing && data.status !== "draft" && (
            <button
              type="button"
              className="small"
              disabled={results.loading}
              onClick={() => results.reload()}
            >
              {results.loading ? "Refreshing…" : "Refresh results"}
            </button>
          )}
        </div>
        {results.loading && !results.data && <p aria-live="polite">Loading results…</p>}
        {resultsMissing ? (
          <p className="notice info">This server does not report experiment results yet.</p>
        ) : (
          <ErrorNotice error={results.error} action="Loading results" />
        )}
        {results.data && <ExperimentResultsView results={results.data} />}
      </section>

      {confirmStop && (
        <ModalDialog
          title={`Stop ${data.name}?`}
          onCancel={() => setConfirmStop(false)}
          actions={
            <>
              <button type="button" onClick={() => setConfirmStop(false)}>
                Keep running
              </button>
              <button
                type="button"
                className="danger solid"
                onClick={() => transition("stop")}
                disabled={busy}
              >
                Stop for good
              </button>
            </>
          }
        >
          <p>
            Conversions after this moment no longer count, and a stopped experiment cannot be
            restarted.
          </p>
        </ModalDialog>
      )}
    </>
  );
}

function MetricName({ metric }: { metric: Metric }) {
  return (
    <>
      <code>{metric.eventKey}</code> ({metric.kind === "binomial" ? "converted" : "value"})
    </>
  );
}
