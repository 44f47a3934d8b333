/**
 * Create a draft experiment on a flag in one environment: hypothesis, control variation and
 * the metrics to judge it by (conversion event keys SDKs `track()`). Starting it is a separate,
 * deliberate step on the experiment's page.
 */
import { type FormEvent, useState } from "react";
import { requestBodyFields } from "../api/capabilities.ts";
import { allPages, type NewExperiment } from "../api/client.ts";
import { fieldMessages } from "../api/problem.ts";
import type { Metric, MetricKind } from "../api/types.ts";
import { useProject } from "../app/project-context.ts";
import { routeHref } from "../app/route.ts";
import { useSession } from "../app/session-context.ts";
import { useNavigate } from "../app/use-hash-route.ts";
import { EnvironmentSelect } from "../components/environment-select.tsx";
import { ErrorNotice } from "../components/error-notice.tsx";
import { FieldErrors } from "../components/field-errors.tsx";
import { useAsync } from "../lib/use-async.ts";

export function CreateExperimentPage() {
  const { client } = useSession();
  const { project, environment, environments } = useProject();
  const navigate = useNavigate();
  const [key, setKey] = useState("");
  const [name, setName] = useState("");
  const [flag, setFlag] = useState("");
  const [environmentKey, setEnvironmentKey] = useState(environment.key);
  const [hypothesis, setHypothesis] = useState("");
  const [control, setControl] = useState("");
  const [metricKey, setMetricKey] = useState("");
  const [metricKind, setMetricKind] = useState<MetricKind>("binomial");
  const [secondary, setSecondary] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  const flags = useAsync(
    () =>
      allPages((cursor) =>
        client.flags.list(project.key, { limit: 200, ...(cursor ? { cursor } : {}) }),
      ),
    [client, project.key],
  );
  const config = useAsync(
    async (signal) =>
      flag ? client.flagConfigs.get(project.key, environmentKey, flag, signal) : undefined,
    [client, project.key, environmentKey, flag],
  );
  // Metrics and the control variation come with the server's experiment statistics (issue 6);
  // a server without them refuses the fields, so they are offered only when it accepts them.
  const accepted = useAsync(async () => {
    const document = await client.openApi();
    return requestBodyFields(document, "/api/v1/projects/{project}/experiments", "POST");
  }, [client]);
  const takesControl = accepted.data?.has("controlVariation") ?? false;
  const takesMetrics = accepted.data?.has("primaryMetric") ?? false;
  const variations = config.data?.variations ?? [];
  const messages = fieldMessages(error);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    const secondaryMetrics = parseMetricList(secondary);
    const body: NewExperiment = {
      key,
      flag,
      environment: environmentKey,
      ...(name.trim() ? { name: name.trim() } : {}),
      ...(hypothesis.trim() ? { hypothesis: hypothesis.trim() } : {}),
      ...(control ? { controlVariation: control } : {}),
      ...(metricKey.trim()
        ? { primaryMetric: { eventKey: metricKey.trim(), kind: metricKind } }
        : {}),
      ...(secondaryMetrics.length > 0 ? { secondaryMetrics } : {}),
    };
    try {
      const created = await client.experiments.create(project.key, body);
      navigate({
        name: "experiment",
        project: project.key,
        experiment: created.key,
        env: environmentKey,
      });
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <div className="page-header">
        <div>
          <p className="breadcrumb">
            <a
              href={routeHref({ name: "experiments", project: project.key, env: environment.key })}
            >
              Experiments
            </a>{" "}
            /
          </p>
          <h1>Create an experiment</h1>
        </div>
      </div>
      <form className="card" onSubmit={submit} noValidate>
        <div className="two-columns">
          <div className="field">
            <label htmlFor="experiment-key">Key</label>
            <input
              id="experiment-key"
              value={key}
              onChange={(event) => setKey(event.target.value)}
              spellCheck={false}
              aria-describedby="experiment-key-error"
            />
            <FieldErrors id="experiment-key-error" messages={messages.get("key")} />
          </div>
          <div className="field">
            <label htmlFor="experiment-name">Name</label>
            <input
              id="experiment-name"
              value={name}
              onChange={(event) => setName(event.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="experiment-flag">Flag</label>
            <select
              id="experiment-flag"
              value={flag}
              onChange={(event) => setFlag(event.target.value)}
              aria-describedby="experiment-flag-error"
            >
              <option value="">Choose a flag…</option>
              {(flags.data ?? []).map((candidate) => (
                <option key={candidate.key} value={candidate.key}>
                  {candidate.key}
                </option>
              ))}
            </select>
            <FieldErrors id="experiment-flag-error" messages={messages.get("flag")} />
          </div>
          <div className="field">
            <label htmlFor="experiment-environment">Environment</label>
            <EnvironmentSelect
              id="experiment-environment"
              environments={environments}
              value={environmentKey}
              onChange={setEnvironmentKey}
            />
            <FieldErrors id="experiment-environment-error" messages={messages.get("environment")} />
          </div>
        </div>
        <div className="field">
          <label htmlFor="experiment-hypothesis">Hypothesis</label>
          <textarea
            id="experiment-hypothesis"
            value={hypothesis}
            placeholder="A one-page checkout raises completed checkouts by at least 5 %."
            onChange={(event) => setHypothesis(event.target.value)}
            style={{ fontFamily: "var(--font)" }}
          />
        </div>
        {!takesControl && !takesMetrics && accepted.data && (
          <p className="hint">
            This server records exposures and conversions, but does not take a control variation or
            metrics for experiments yet: the first variation is the control.
          </p>
        )}
        <div className="two-columns">
          {takesControl && (
            <div className="field">
              <label htmlFor="experiment-control">Control variation</label>
              <select
                id="experiment-control"
                value={control}
                onChange={(event) => setControl(event.target.value)}
                disabled={variations.length === 0}
              >
                <option value="">
                  {variations.length === 0 ? "Choose a flag first" : "The first variation"}
                </option>
                {variations.map((variation) => (
                  <option key={variation.key} value={variation.key}>
                    {variation.key}
                  </option>
                ))}
              </select>
              <FieldErrors
                id="experiment-control-error"
                messages={messages.get("controlVariation")}
              />
            </div>
          )}
          {takesMetrics && (
            <div className="field">
              <label htmlFor="experiment-metric">Primary metric (conversion event key)</label>
              <div className="row">
                <input
                  id="experiment-metric"
                  className="grow"
                  value={metricKey}
                  placeholder="checkout-completed"
                  onChange={(event) => setMetricKey(event.target.value)}
                />
                <select
                  aria-label="Metric kind"
                  value={metricKind}
                  onChange={(event) => setMetricKind(event.target.value as MetricKind)}
                >
                  <option value="binomial">converted (yes/no)</option>
                  <option value="value">value (sum per context)</option>
                </select>
              </div>
              <FieldErrors id="experiment-metric-error" messages={messages.get("primaryMetric")} />
            </div>
          )}
        </div>
        {takesMetrics && (
          <div className="field">
            <label htmlFor="experiment-secondary">
              Secondary metrics (comma-separated event keys)
            </label>
            <input
              id="experiment-secondary"
              value={secondary}
              placeholder="added-to-cart, order-total:value"
              aria-describedby="experiment-secondary-help experiment-secondary-error"
              onChange={(event) => setSecondary(event.target.value)}
            />
            <p id="experiment-secondary-help" className="hint">
              Each is counted as converted (yes/no); add <code>:value</code> to sum its values
              instead, e.g. <code>order-total:value</code>.
            </p>
            <FieldErrors
              id="experiment-secondary-error"
              messages={messages.get("secondaryMetrics")}
            />
          </div>
        )}
        <ErrorNotice error={error} action="Creating the experiment" />
        <button type="submit" className="primary" disabled={busy || key === "" || flag === ""}>
          {busy ? "Creating…" : "Create draft experiment"}
        </button>
      </form>
    </>
  );
}

/** `"a, b:value"` → binomial `a` and value `b`. */
export function parseMetricList(text: string): Metric[] {
  return text
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "")
    .map((item): Metric => {
      const match = /^(.*?):(binomial|value)$/.exec(item);
      return match
        ? { eventKey: (match[1] ?? "").trim(), kind: match[2] as MetricKind }
        : { eventKey: item, kind: "binomial" };
    });
}
