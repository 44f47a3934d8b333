/**
 * One flag in one environment. Edits collect in a draft and are saved together (only the fields
 * that changed, with If-Match: the version they started from); the on/off switch saves at once.
 * In production every save first shows the diff for confirmation. When someone else saved in
 * between — seen live, or as a 412 from the server — both changes are shown and this person's
 * edits can be re-applied on the latest version; nothing is silently overwritten or lost.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError } from "../api/problem.ts";
import type { FlagConfig, FlagSettings } from "../api/types.ts";
import { useProject } from "../app/project-context.ts";
import { routeHref } from "../app/route.ts";
import { useSession } from "../app/session-context.ts";
import { useUnsavedChanges } from "../app/unsaved-changes.ts";
import { ConfirmChangeDialog } from "../components/confirm-change-dialog.tsx";
import { ConflictDialog } from "../components/conflict-dialog.tsx";
import { DiffView } from "../components/diff-view.tsx";
import { EnvStates } from "../components/env-states.tsx";
import { ErrorNotice } from "../components/error-notice.tsx";
import { FlagSettingsForm } from "../components/flag-settings-form.tsx";
import { ModalDialog } from "../components/modal-dialog.tsx";
import { ToggleSwitch } from "../components/toggle-switch.tsx";
import { deepEqual } from "../lib/deep-equal.ts";
import { type Change, diffValues } from "../lib/diff.ts";
import { isProduction } from "../lib/environments.ts";
import { changedSettings, settingsOf } from "../lib/flag-settings.ts";
import { useAsync } from "../lib/use-async.ts";

export interface FlagPageProps {
  flagKey: string;
}

type Pending =
  | { kind: "save"; changes: Change[] }
  | { kind: "toggle"; enabled: boolean; changes: Change[] };

export function FlagPage({ flagKey }: FlagPageProps) {
  const { client } = useSession();
  const { project, environment, environments, revision } = useProject();
  const production = isProduction(environment);

  const [base, setBase] = useState<FlagConfig>();
  const [draft, setDraft] = useState<FlagSettings>();
  const [loadError, setLoadError] = useState<unknown>();
  const [newer, setNewer] = useState<FlagConfig>();
  const [pending, setPending] = useState<Pending>();
  const [conflict, setConflict] = useState<{ theirs: FlagConfig; mine: FlagSettings }>();
  const [busy, setBusy] = useState(false);
  const [saveError, setSaveError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();
  const [problems, setProblems] = useState<ReadonlyMap<string, string>>(new Map());
  const [archiveOpen, setArchiveOpen] = useState(false);

  const meta = useAsync(
    () => client.flags.get(project.key, flagKey),
    [client, project.key, flagKey, revision],
  );
  const document = useAsync(
    (signal) => client.environments.document(project.key, environment.key, signal),
    [client, project.key, environment.key, revision],
  );

  const baseRef = useRef(base);
  baseRef.current = base;
  const draftRef = useRef(draft);
  draftRef.current = draft;

  // Load the configuration, and follow it live: take a newer version at once when nothing is
  // being edited, or offer to merge it when something is.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `revision` changes when anyone writes: reload then
  useEffect(() => {
    const controller = new AbortController();
    client.flagConfigs.get(project.key, environment.key, flagKey, controller.signal).then(
      (fresh) => {
        const current = baseRef.current;
        const edited = draftRef.current;
        setLoadError(undefined);
        if (!current || current.environment !== fresh.environment || current.flag !== fresh.flag) {
          setBase(fresh);
          setDraft(settingsOf(fresh));
          setNewer(undefined);
          return;
        }
        if (fresh.version === current.version) return;
        if (!edited || deepEqual(settingsOf(current), edited)) {
          setBase(fresh);
          setDraft(settingsOf(fresh));
          setNotice(`Version ${fresh.version} was saved elsewhere and is shown now.`);
        } else {
          setNewer(fresh);
        }
      },
      (reason: unknown) => {
        if (!controller.signal.aborted) setLoadError(reason);
      },
    );
    return () => controller.abort();
  }, [client, project.key, environment.key, flagKey, revision]);

  const reportProblem = useCallback((key: string, message: string | undefined) => {
    setProblems((current) => {
      if (current.get(key) === message) return current;
      const next = new Map(current);
      if (message === undefined) next.delete(key);
      else next.set(key, message);
      return next;
    });
  }, []);

  const openConflict = async (mine: FlagSettings) => {
    try {
      const theirs = await client.flagConfigs.get(project.key, environment.key, flagKey);
      setConflict({ theirs, mine });
    } catch (reason) {
      setSaveError(reason);
    }
  };

  const save = async (comment: string) => {
    if (!base || !draft) return;
    setBusy(true);
    setSaveError(undefined);
    try {
      const change = changedSettings(settingsOf(base), draft);
      const saved = await client.flagConfigs.update(
        project.key,
        environment.key,
        flagKey,
        base.version,
        {
          ...change,
          ...(comment ? { comment } : {}),
        },
      );
      setBase(saved);
      setDraft(settingsOf(saved));
      setNewer(undefined);
      setPending(undefined);
      setNotice(`Saved as version ${saved.version} in ${environment.name}.`);
      meta.reload();
    } catch (reason) {
      if (reason instanceof ApiError && reason.isConflict) {
        setPending(undefined);
        await openConflict(draft);
      } else {
        setSaveError(reason);
      }
    } finally {
      setBusy(false);
    }
  };

  const toggle = async (enabled: boolean, comment: string) => {
    if (!base || !draft) return;
    setBusy(true);
    setSaveError(undefined);
    try {
      const saved = await client.flagConfigs.toggle(
        project.key,
        environment.key,
        flagKey,
        base.version,
        enabled,
        comment || undefined,
      );
      setBase(saved);
      // Other unsaved edits stay in the draft.
      setDraft({ ...draft, enabled: saved.enabled });
      setPending(undefined);
      setNotice(
        `Turned ${saved.enabled ? "on" : "off"} in ${environment.name} (version ${saved.version}).`,
      );
      meta.reload();
    } catch (reason) {
      if (reason instanceof ApiError && reason.isConflict) {
        setPending(undefined);
        await openConflict({ ...draft, enabled });
      } else {
        setSaveError(reason);
      }
    } finally {
      setBusy(false);
    }
  };

  const requestToggle = (enabled: boolean) => {
    if (!base) return;
    setNotice(undefined);
    if (production) {
      setPending({
        kind: "toggle",
        enabled,
        changes: diffValues({ enabled: base.enabled }, { enabled }),
      });
    } else {
      void toggle(enabled, "");
    }
  };

  const requestSave = () => {
    if (!base || !draft || problems.size > 0) return;
    setNotice(undefined);
    if (production) setPending({ kind: "save", changes: diffValues(settingsOf(base), draft) });
    else void save("");
  };

  const archive = async () => {
    if (!meta.data) return;
    setBusy(true);
    try {
      const updated = await client.flags.archive(
        project.key,
        flagKey,
        meta.data.version,
        !meta.data.archived,
      );
      meta.setData(updated);
      setArchiveOpen(false);
      setNotice(
        updated.archived
          ? "Archived: SDKs no longer receive this flag."
          : "Restored from the archive.",
      );
    } catch (reason) {
      setSaveError(reason);
      setArchiveOpen(false);
    } finally {
      setBusy(false);
    }
  };

  const dirty = base !== undefined && draft !== undefined && !deepEqual(settingsOf(base), draft);
  const draftChanges = dirty && base && draft ? diffValues(settingsOf(base), draft) : [];
  useUnsavedChanges(
    `flag:${flagKey}`,
    dirty
      ? `${draftChanges.length} unsaved changes to ${flagKey} in ${environment.name}`
      : undefined,
  );

  if (loadError) return <ErrorNotice error={loadError} action={`Loading flag "${flagKey}"`} />;
  if (!base || !draft) return <p aria-live="polite">Loading flag…</p>;
  const segments = Object.keys(document.data?.segments ?? {}).sort();
  const otherFlags = Object.values(document.data?.flags ?? {})
    .filter((flag) => flag.key !== flagKey)
    .map((flag) => ({
      key: flag.key,
      variations: flag.variations.map((variation) => variation.key),
    }))
    .sort((a, b) => a.key.localeCompare(b.key));

  return (
    <>
      <div className="page-header">
        <div className="grow">
          <p className="breadcrumb">
            <a href={routeHref({ name: "flags", project: project.key, env: environment.key })}>
              Flags
            </a>{" "}
            /
          </p>
          <h1 className="mono">{flagKey}</h1>
          {meta.data && (
            <p className="hint">
              {meta.data.name !== flagKey ? `${meta.data.name} · ` : ""}
              {meta.data.description}
              {meta.data.tags.map((tag) => (
                <span className="badge" key={tag} style={{ marginLeft: "0.3rem" }}>
                  {tag}
                </span>
              ))}
              {meta.data.archived && <span className="badge warning">archived</span>}
            </p>
          )}
        </div>
        <div className="row">
          <a
            className="button"
            href={routeHref({
              name: "audit",
              project: project.key,
              env: environment.key,
              flag: flagKey,
            })}
          >
            History
          </a>
          <button type="button" onClick={() => setArchiveOpen(true)} disabled={!meta.data}>
            {meta.data?.archived ? "Unarchive" : "Archive"}
          </button>
        </div>
      </div>

      {notice && (
        <div className="notice success" role="status">
          {notice}
        </div>
      )}
      {newer && (
        <div className="notice warning" role="alert">
          Version {newer.version} was saved by someone else while you were editing.{" "}
          <button
            type="button"
            className="link"
            onClick={() => setConflict({ theirs: newer, mine: draft })}
          >
            Compare and merge
          </button>
        </div>
      )}
      <ErrorNotice error={saveError} action="Saving" />

      <section className="card" aria-labelledby="section-status">
        <div className="row spread">
          <h2 id="section-status" style={{ margin: 0 }}>
            {environment.name}
            {production && (
              <span className="badge warning" style={{ marginLeft: "0.5rem" }}>
                production
              </span>
            )}
          </h2>
          <ToggleSwitch
            checked={base.enabled}
            label={`Serve ${flagKey} in ${environment.name}`}
            disabled={busy}
            onChange={requestToggle}
          />
        </div>
        <p className="hint" style={{ marginTop: "0.5rem" }}>
          {base.enabled
            ? "On: targets, rules and the default rule below decide what each context gets."
            : `Off: every context gets ${draft.variations[draft.offVariation]?.key ?? "the off variation"}.`}{" "}
          Version {base.version}.
        </p>
        {meta.data && (
          <EnvStates flag={meta.data} environments={environments} current={environment.key} />
        )}
        {base.experiment?.running && (
          <p className="notice info" style={{ marginTop: "0.75rem" }}>
            Experiment <code>{base.experiment.key}</code> is running on this flag: its variations
            and split are locked until it stops.
          </p>
        )}
      </section>

      <FlagSettingsForm
        flagKey={flagKey}
        draft={draft}
        segments={segments}
        otherFlags={otherFlags}
        onChange={(next) => {
          setNotice(undefined);
          setDraft(next);
        }}
        reportProblem={reportProblem}
      />

      {dirty && (
        <section className="savebar" aria-label="Unsaved changes">
          <div className="grow">
            <strong>
              {draftChanges.length} unsaved {draftChanges.length === 1 ? "change" : "changes"}
            </strong>{" "}
            to version {base.version} in {environment.name}
            {problems.size > 0 && (
              <ul className="field-error">
                {[...problems.values()].map((message) => (
                  <li key={message}>{message}</li>
                ))}
              </ul>
            )}
            {!production && (
              <details>
                <summary>Show the diff</summary>
                <DiffView changes={draftChanges} />
              </details>
            )}
          </div>
          <div className="row">
            <button type="button" onClick={() => setDraft(settingsOf(base))} disabled={busy}>
              Discard
            </button>
            <button
              type="button"
              className="primary"
              onClick={requestSave}
              disabled={busy || problems.size > 0}
            >
              {production ? "Review and save…" : busy ? "Saving…" : "Save changes"}
            </button>
          </div>
        </section>
      )}

      {pending && (
        <ConfirmChangeDialog
          title={
            pending.kind === "toggle"
              ? `Turn ${flagKey} ${pending.enabled ? "on" : "off"}?`
              : `Save ${flagKey}?`
          }
          environmentName={environment.name}
          changes={pending.changes}
          busy={busy}
          error={saveError}
          onCancel={() => setPending(undefined)}
          onConfirm={(comment) =>
            pending.kind === "toggle" ? toggle(pending.enabled, comment) : save(comment)
          }
        />
      )}

      {conflict && (
        <ConflictDialog
          subject="this flag"
          base={settingsOf(base)}
          baseVersion={base.version}
          mine={conflict.mine}
          theirs={settingsOf(conflict.theirs)}
          theirsVersion={conflict.theirs.version}
          onCancel={() => setConflict(undefined)}
          onDiscard={() => {
            setBase(conflict.theirs);
            setDraft(settingsOf(conflict.theirs));
            setConflict(undefined);
            setNewer(undefined);
            setNotice(`Showing version ${conflict.theirs.version}; your changes were discarded.`);
          }}
          onReapply={(merged) => {
            setBase(conflict.theirs);
            setDraft(merged);
            setConflict(undefined);
            setNewer(undefined);
            setNotice(
              `Your changes are re-applied on version ${conflict.theirs.version}. Review them and save.`,
            );
          }}
        />
      )}

      {archiveOpen && meta.data && (
        <ModalDialog
          title={meta.data.archived ? `Unarchive ${flagKey}?` : `Archive ${flagKey}?`}
          onCancel={() => setArchiveOpen(false)}
          actions={
            <>
              <button type="button" onClick={() => setArchiveOpen(false)}>
                Cancel
              </button>
              <button
                type="button"
                className={meta.data.archived ? "primary" : "danger solid"}
                onClick={archive}
                disabled={busy}
              >
                {meta.data.archived ? "Unarchive" : "Archive"}
              </button>
            </>
          }
        >
          <p>
            {meta.data.archived
              ? "The flag returns to every environment's document with its last configuration."
              : "The flag leaves every environment's document: SDKs receive a delete and serve their code defaults. Its history is kept."}
          </p>
        </ModalDialog>
      )}
    </>
  );
}
