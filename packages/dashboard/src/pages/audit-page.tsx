/**
 * The audit log of the project: a filterable timeline (environment, flag, actor, action, time
 * range), newest first, each entry with its diff and, for flag changes, a rollback that shows
 * what it will restore before doing it. New entries appear live.
 */
import { type FormEvent, useState } from "react";
import type { AuditQuery } from "../api/client.ts";
import type { AuditEntry } from "../api/types.ts";
import { useProject } from "../app/project-context.ts";
import { useSession } from "../app/session-context.ts";
import { AuditEntryItem } from "../components/audit-entry-item.tsx";
import { EnvironmentSelect } from "../components/environment-select.tsx";
import { ErrorNotice } from "../components/error-notice.tsx";
import { RollbackDialog } from "../components/rollback-dialog.tsx";
import { useAsync } from "../lib/use-async.ts";

export interface AuditPageProps {
  flag?: string | undefined;
}

interface AuditFilters {
  environment: string;
  flag: string;
  actor: string;
  action: string;
  from: string;
  to: string;
}

/** The filters typed in (after the environment choice), in the order the form shows them. */
const INPUT_FILTERS: readonly {
  key: Exclude<keyof AuditFilters, "environment">;
  label: string;
  type?: "datetime-local";
  placeholder?: string;
}[] = [
  { key: "flag", label: "Flag key" },
  { key: "actor", label: "Actor", placeholder: "token name or id" },
  { key: "action", label: "Action", placeholder: "e.g. flag.toggle" },
  { key: "from", label: "From", type: "datetime-local" },
  { key: "to", label: "Until", type: "datetime-local" },
];

const PAGE_SIZE = 50;

export function AuditPage({ flag }: AuditPageProps) {
  const { client } = useSession();
  const { project, environments, revision } = useProject();
  const [form, setForm] = useState<AuditFilters>({
    environment: "",
    flag: flag ?? "",
    actor: "",
    action: "",
    from: "",
    to: "",
  });
  const [filters, setFilters] = useState(form);
  const [older, setOlder] = useState<{ items: AuditEntry[]; cursor: string | null }>({
    items: [],
    cursor: null,
  });
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [rollback, setRollback] = useState<{
    flag: string;
    environment: string;
    toVersion: number;
  }>();
  const [notice, setNotice] = useState<string>();

  const query: AuditQuery = {
    project: project.key,
    limit: PAGE_SIZE,
    ...(filters.environment ? { environment: filters.environment } : {}),
    ...(filters.flag.trim() ? { flag: filters.flag.trim() } : {}),
    ...(filters.actor.trim() ? { actor: filters.actor.trim() } : {}),
    ...(filters.action.trim() ? { action: filters.action.trim() } : {}),
    ...(filters.from ? { from: new Date(filters.from).toISOString() } : {}),
    ...(filters.to ? { to: new Date(filters.to).toISOString() } : {}),
  };
  const first = useAsync(
    async (signal) => {
      const page = await client.audit.list(query, signal);
      setOlder({ items: [], cursor: page.nextCursor });
      return page;
    },
    // The first page follows live changes; older pages are fetched on request.
    [client, JSON.stringify(query), revision],
  );

  const loadOlder = async () => {
    if (!older.cursor) return;
    setLoadingOlder(true);
    try {
      const page = await client.audit.list({ ...query, cursor: older.cursor });
      setOlder((current) => ({
        items: [...current.items, ...page.items],
        cursor: page.nextCursor,
      }));
    } finally {
      setLoadingOlder(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFilters(form);
  };
  const set = (key: keyof AuditFilters, value: string) => setForm({ ...form, [key]: value });
  const environmentName = (key: string) =>
    environments.find((environment) => environment.key === key)?.name ?? key;
  const now = Date.now();
  const entries = [...(first.data?.items ?? []), ...older.items];

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Audit log</h1>
          <p className="hint">
            Every change to {project.name}, who made it, and why. Roll a flag back from any entry.
          </p>
        </div>
      </div>
      <form className="card filters" onSubmit={submit} aria-label="Filter the audit log">
        <div className="field">
          <label htmlFor="audit-environment">Environment</label>
          <EnvironmentSelect
            id="audit-environment"
            environments={environments}
            value={form.environment}
            onChange={(environmentKey) => set("environment", environmentKey)}
            anyLabel="All"
          />
        </div>
        {INPUT_FILTERS.map(({ key, label, type, placeholder }) => (
          <div className="field" key={key}>
            <label htmlFor={`audit-${key}`}>{label}</label>
            <input
              id={`audit-${key}`}
              type={type}
              value={form[key]}
              onChange={(event) => set(key, event.target.value)}
              placeholder={placeholder}
            />
          </div>
        ))}
        <div className="field">
          <button type="submit" className="primary">
            Apply filters
          </button>
        </div>
      </form>
      {notice && (
        <div className="notice success" role="status">
          {notice}
        </div>
      )}
      <ErrorNotice error={first.error} action="Loading the audit log" />
      {first.data === undefined && first.loading ? (
        <p aria-live="polite">Loading the audit log…</p>
      ) : entries.length === 0 ? (
        <p className="empty">No entries match.</p>
      ) : (
        <ol className="timeline" aria-label="Audit entries, newest first">
          {entries.map((entry) => (
            <AuditEntryItem
              key={entry.id}
              entry={entry}
              now={now}
              environmentName={environmentName}
              onRollback={setRollback}
            />
          ))}
        </ol>
      )}
      {older.cursor && (
        <button type="button" onClick={loadOlder} disabled={loadingOlder}>
          {loadingOlder ? "Loading…" : "Load older entries"}
        </button>
      )}
      {rollback && (
        <RollbackDialog
          project={project.key}
          environment={rollback.environment}
          environmentName={environmentName(rollback.environment)}
          flag={rollback.flag}
          toVersion={rollback.toVersion}
          onCancel={() => setRollback(undefined)}
          onDone={(message) => {
            setRollback(undefined);
            setNotice(message);
            first.reload();
          }}
        />
      )}
    </>
  );
}
