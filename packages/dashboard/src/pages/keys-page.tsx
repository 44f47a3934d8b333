/**
 * Keys: SDK keys for this project's environments (server-side with full rules, client-side for
 * browsers) and admin tokens (reader, writer, admin; global or this project). A new key's secret
 * is shown once; revoking takes effect at once (open SDK streams using it are closed).
 */
import { type FormEvent, useState } from "react";
import { allPages, type NewApiKey } from "../api/client.ts";
import { fieldMessages } from "../api/problem.ts";
import type { ApiKey, CreatedApiKey, Role } from "../api/types.ts";
import { useProject } from "../app/project-context.ts";
import { useSession } from "../app/session-context.ts";
import { EnvironmentSelect } from "../components/environment-select.tsx";
import { ErrorNotice } from "../components/error-notice.tsx";
import { FieldErrors } from "../components/field-errors.tsx";
import { KeysTable } from "../components/keys-table.tsx";
import { ModalDialog } from "../components/modal-dialog.tsx";
import { SecretReveal } from "../components/secret-reveal.tsx";
import { useAsync } from "../lib/use-async.ts";

type KeyKindChoice = "server" | "client" | "admin";

export function KeysPage() {
  const { client } = useSession();
  const { project, environment, environments } = useProject();
  const [includeRevoked, setIncludeRevoked] = useState(false);
  const [kind, setKind] = useState<KeyKindChoice>("server");
  const [name, setName] = useState("");
  const [environmentKey, setEnvironmentKey] = useState(environment.key);
  const [role, setRole] = useState<Role>("writer");
  const [projectOnly, setProjectOnly] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [created, setCreated] = useState<CreatedApiKey>();
  const [revoking, setRevoking] = useState<ApiKey>();

  const keys = useAsync(async () => {
    const page = (query: Parameters<typeof client.keys.list>[0]) =>
      allPages((cursor) =>
        client.keys.list({ ...query, limit: 200, includeRevoked, ...(cursor ? { cursor } : {}) }),
      );
    const [sdk, admin] = await Promise.all([
      page({ project: project.key }),
      page({ kind: "admin" }),
    ]);
    return {
      sdk: sdk.filter((key) => key.kind !== "admin"),
      admin: admin.filter((key) => key.project === null || key.project === project.key),
    };
  }, [client, project.key, includeRevoked]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    const body: NewApiKey =
      kind === "admin"
        ? { kind, name, role, ...(projectOnly ? { project: project.key } : {}) }
        : { kind, name, project: project.key, environment: environmentKey };
    try {
      setCreated(await client.keys.create(body));
      setName("");
      keys.reload();
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  };

  const revoke = async () => {
    if (!revoking) return;
    setBusy(true);
    try {
      await client.keys.revoke(revoking.id);
      setRevoking(undefined);
      keys.reload();
    } catch (reason) {
      setError(reason);
      setRevoking(undefined);
    } finally {
      setBusy(false);
    }
  };

  const messages = fieldMessages(error);
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Keys</h1>
          <p className="hint">
            Secrets are shown once, when created. Only their hashes are stored.
          </p>
        </div>
        <label className="inline-check">
          <input
            type="checkbox"
            checked={includeRevoked}
            onChange={(event) => setIncludeRevoked(event.target.checked)}
          />
          Show revoked keys
        </label>
      </div>

      <form className="card" onSubmit={submit} aria-labelledby="new-key-title" noValidate>
        <h2 id="new-key-title">Create a key</h2>
        <div className="two-columns">
          <div className="field">
            <label htmlFor="key-kind">Kind</label>
            <select
              id="key-kind"
              value={kind}
              onChange={(event) => setKind(event.target.value as KeyKindChoice)}
            >
              <option value="server">Server-side SDK key (full rules; for back ends)</option>
              <option value="client">
                Client-side SDK key (evaluated values only; for browsers)
              </option>
              <option value="admin">Admin token (API, CLI and this dashboard)</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="key-name">Name</label>
            <input
              id="key-name"
              value={name}
              onChange={(event) => setName(event.target.value)}
              placeholder={kind === "admin" ? "CI deploy bot" : "checkout service"}
              aria-describedby="key-name-error"
            />
            <FieldErrors id="key-name-error" messages={messages.get("name")} />
          </div>
          {kind === "admin" ? (
            <>
              <div className="field">
                <label htmlFor="key-role">Role</label>
                <select
                  id="key-role"
                  value={role}
                  onChange={(event) => setRole(event.target.value as Role)}
                >
                  <option value="reader">reader — can read everything</option>
                  <option value="writer">
                    writer — can also change flags, segments, experiments
                  </option>
                  <option value="admin">admin — can also manage projects and keys</option>
                </select>
              </div>
              <div className="field">
                <span className="field-label">Scope</span>
                <label className="inline-check">
                  <input
                    type="checkbox"
                    checked={projectOnly}
                    onChange={(event) => setProjectOnly(event.target.checked)}
                  />
                  Only project {project.name}
                </label>
              </div>
            </>
          ) : (
            <div className="field">
              <label htmlFor="key-environment">Environment</label>
              <EnvironmentSelect
                id="key-environment"
                environments={environments}
                value={environmentKey}
                onChange={setEnvironmentKey}
              />
            </div>
          )}
        </div>
        <ErrorNotice error={error} action="Creating the key" />
        <button type="submit" className="primary" disabled={busy || name.trim() === ""}>
          Create key
        </button>
      </form>

      <ErrorNotice error={keys.error} action="Loading keys" />
      <section className="card" aria-labelledby="sdk-keys-title">
        <h2 id="sdk-keys-title">SDK keys of {project.name}</h2>
        {keys.data ? (
          <KeysTable caption="SDK keys" keys={keys.data.sdk} onRevoke={setRevoking} />
        ) : (
          <p>Loading…</p>
        )}
      </section>
      <section className="card" aria-labelledby="admin-keys-title">
        <h2 id="admin-keys-title">Admin tokens</h2>
        {keys.data ? (
          <KeysTable caption="Admin tokens" keys={keys.data.admin} onRevoke={setRevoking} />
        ) : (
          <p>Loading…</p>
        )}
      </section>

      {created && <SecretReveal created={created} onClose={() => setCreated(undefined)} />}
      {revoking && (
        <ModalDialog
          title={`Revoke ${revoking.name}?`}
          onCancel={() => setRevoking(undefined)}
          actions={
            <>
              <button type="button" onClick={() => setRevoking(undefined)}>
                Cancel
              </button>
              <button type="button" className="danger solid" onClick={revoke} disabled={busy}>
                Revoke now
              </button>
            </>
          }
        >
          <p>
            Every request with this key fails from now on
            {revoking.kind === "admin" ? "" : ", and SDKs streaming with it are disconnected"}. This
            cannot be undone.
          </p>
        </ModalDialog>
      )}
    </>
  );
}
