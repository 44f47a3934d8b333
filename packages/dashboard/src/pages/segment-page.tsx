/**
 * Create or edit a segment: included and excluded context keys, and rules. Saving sends
 * If-Match; a 412 shows both changes and offers to re-apply these edits on the latest version.
 * In production the diff is confirmed first, like flag changes.
 */
import { type FormEvent, useCallback, useEffect, useMemo, useState } from "react";
import { ApiError, fieldMessages } from "../api/problem.ts";
import type { Segment, SegmentRule } from "../api/types.ts";
import { useProject } from "../app/project-context.ts";
import { routeHref } from "../app/route.ts";
import { useSession } from "../app/session-context.ts";
import { useUnsavedChanges } from "../app/unsaved-changes.ts";
import { useNavigate } from "../app/use-hash-route.ts";
import { ConfirmChangeDialog } from "../components/confirm-change-dialog.tsx";
import { ConflictDialog } from "../components/conflict-dialog.tsx";
import { ErrorNotice } from "../components/error-notice.tsx";
import { FieldErrors } from "../components/field-errors.tsx";
import { KeyListField } from "../components/key-list-field.tsx";
import { ModalDialog } from "../components/modal-dialog.tsx";
import { SegmentRulesEditor } from "../components/segment-rules-editor.tsx";
import { SegmentUsageList } from "../components/segment-usage-list.tsx";
import { deepEqual } from "../lib/deep-equal.ts";
import { diffValues } from "../lib/diff.ts";
import { isProduction } from "../lib/environments.ts";
import { segmentUsage } from "../lib/segment-usage.ts";
import { useAsync } from "../lib/use-async.ts";

export interface SegmentPageProps {
  /** Absent: a new segment. */
  segmentKey?: string | undefined;
}

interface SegmentDraft {
  name: string;
  description: string;
  included: string[];
  excluded: string[];
  rules: SegmentRule[];
}

const EMPTY_DRAFT: SegmentDraft = {
  name: "",
  description: "",
  included: [],
  excluded: [],
  rules: [],
};

function draftOf(segment: Segment): SegmentDraft {
  return {
    name: segment.name,
    description: segment.description,
    included: segment.included,
    excluded: segment.excluded,
    rules: segment.rules,
  };
}

export function SegmentPage({ segmentKey }: SegmentPageProps) {
  const { client } = useSession();
  const { project, environment, revision } = useProject();
  const navigate = useNavigate();
  const production = isProduction(environment);
  const creating = segmentKey === undefined;

  const [key, setKey] = useState("");
  const [base, setBase] = useState<Segment>();
  const [draft, setDraft] = useState<SegmentDraft>(EMPTY_DRAFT);
  const [includedText, setIncludedText] = useState("");
  const [excludedText, setExcludedText] = useState("");
  const [loadError, setLoadError] = useState<unknown>();
  const [saveError, setSaveError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [conflict, setConflict] = useState<Segment>();
  const [notice, setNotice] = useState<string>();
  const [problems, setProblems] = useState<ReadonlyMap<string, string>>(new Map());

  const document = useAsync(
    (signal) => client.environments.document(project.key, environment.key, signal),
    [client, project.key, environment.key, revision],
  );
  const segmentKeys = Object.keys(document.data?.segments ?? {})
    .filter((candidate) => candidate !== segmentKey)
    .sort();
  const uses = useMemo(
    () => (document.data && segmentKey ? (segmentUsage(document.data).get(segmentKey) ?? []) : []),
    [document.data, segmentKey],
  );

  const show = useCallback((segment: Segment) => {
    setBase(segment);
    setDraft(draftOf(segment));
    setIncludedText(segment.included.join("\n"));
    setExcludedText(segment.excluded.join("\n"));
  }, []);

  useEffect(() => {
    if (segmentKey === undefined) return;
    let cancelled = false;
    client.segments.get(project.key, environment.key, segmentKey).then(
      (segment) => {
        if (!cancelled) show(segment);
      },
      (reason: unknown) => {
        if (!cancelled) setLoadError(reason);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [client, project.key, environment.key, segmentKey, show]);

  const reportProblem = useCallback((problemKey: string, message: string | undefined) => {
    setProblems((current) => {
      if (current.get(problemKey) === message) return current;
      const next = new Map(current);
      if (message === undefined) next.delete(problemKey);
      else next.set(problemKey, message);
      return next;
    });
  }, []);

  const baseDraft = base ? draftOf(base) : EMPTY_DRAFT;
  const dirty = creating || !deepEqual(baseDraft, draft);
  const edited = creating ? key !== "" || !deepEqual(EMPTY_DRAFT, draft) : dirty;
  useUnsavedChanges(
    `segment:${segmentKey ?? "new"}`,
    edited && !(creating && busy) ? `unsaved changes to segment ${segmentKey ?? key}` : undefined,
  );
  const messages = fieldMessages(saveError);

  const save = async (comment: string) => {
    setBusy(true);
    setSaveError(undefined);
    try {
      const fields = { ...draft, ...(comment ? { comment } : {}) };
      if (creating) {
        const created = await client.segments.create(project.key, environment.key, {
          key,
          ...fields,
        });
        navigate({
          name: "segment",
          project: project.key,
          segment: created.key,
          env: environment.key,
        });
        return;
      }
      if (!base) return;
      const saved = await client.segments.update(
        project.key,
        environment.key,
        base.key,
        base.version,
        fields,
      );
      show(saved);
      setConfirming(false);
      setNotice(`Saved as version ${saved.version}.`);
    } catch (reason) {
      if (reason instanceof ApiError && reason.isConflict && base) {
        setConfirming(false);
        try {
          setConflict(await client.segments.get(project.key, environment.key, base.key));
        } catch (loadReason) {
          setSaveError(loadReason);
        }
      } else {
        setSaveError(reason);
      }
    } finally {
      setBusy(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setNotice(undefined);
    if (problems.size > 0) return;
    if (production && !creating) setConfirming(true);
    else void save("");
  };

  const remove = async () => {
    if (!base) return;
    setBusy(true);
    try {
      await client.segments.remove(project.key, environment.key, base.key, base.version);
      navigate({ name: "segments", project: project.key, env: environment.key });
    } catch (reason) {
      setSaveError(reason);
      setDeleting(false);
    } finally {
      setBusy(false);
    }
  };

  if (loadError)
    return <ErrorNotice error={loadError} action={`Loading segment "${segmentKey}"`} />;
  if (!creating && !base) return <p aria-live="polite">Loading segment…</p>;

  return (
    <>
      <div className="page-header">
        <div>
          <p className="breadcrumb">
            <a href={routeHref({ name: "segments", project: project.key, env: environment.key })}>
              Segments
            </a>{" "}
            /
          </p>
          <h1 className={creating ? undefined : "mono"}>
            {creating ? "Create a segment" : segmentKey}
          </h1>
          <p className="hint">
            In {environment.name}
            {base ? ` · version ${base.version}` : ""}
          </p>
        </div>
        {!creating && (
          <button type="button" className="danger" onClick={() => setDeleting(true)}>
            Delete
          </button>
        )}
      </div>
      {notice && (
        <div className="notice success" role="status">
          {notice}
        </div>
      )}
      {!creating && (
        <section className="card" aria-labelledby="segment-usage">
          <h2 id="segment-usage">Used by</h2>
          <SegmentUsageList uses={uses} project={project.key} environment={environment.key} />
        </section>
      )}
      <form onSubmit={submit} noValidate>
        <section className="card" aria-labelledby="segment-about">
          <h2 id="segment-about">About</h2>
          {creating && (
            <div className="field">
              <label htmlFor="segment-key">Key</label>
              <input
                id="segment-key"
                value={key}
                onChange={(event) => setKey(event.target.value)}
                spellCheck={false}
                aria-invalid={messages.has("key") ? true : undefined}
                aria-describedby="segment-key-error"
              />
              <FieldErrors id="segment-key-error" messages={messages.get("key")} />
            </div>
          )}
          <div className="two-columns">
            <div className="field">
              <label htmlFor="segment-name">Name</label>
              <input
                id="segment-name"
                value={draft.name}
                onChange={(event) => setDraft({ ...draft, name: event.target.value })}
              />
              <FieldErrors id="segment-name-error" messages={messages.get("name")} />
            </div>
            <div className="field">
              <label htmlFor="segment-description">Description</label>
              <input
                id="segment-description"
                value={draft.description}
                onChange={(event) => setDraft({ ...draft, description: event.target.value })}
              />
            </div>
          </div>
        </section>
        <section className="card two-columns" aria-label="Members">
          <KeyListField
            id="segment-included"
            label="Included context keys"
            count={draft.included.length}
            text={includedText}
            hint="Always in the segment. One per line or separated by commas."
            messages={messages.get("included")}
            onChange={(text, included) => {
              setIncludedText(text);
              setDraft({ ...draft, included });
            }}
          />
          <KeyListField
            id="segment-excluded"
            label="Excluded context keys"
            count={draft.excluded.length}
            text={excludedText}
            hint="Never in the segment, whatever the rules say (included wins over excluded)."
            onChange={(text, excluded) => {
              setExcludedText(text);
              setDraft({ ...draft, excluded });
            }}
          />
        </section>
        <section className="card" aria-labelledby="segment-rules">
          <h2 id="segment-rules">Rules</h2>
          <SegmentRulesEditor
            rules={draft.rules}
            segments={segmentKeys}
            onChange={(rules) => setDraft({ ...draft, rules })}
            reportProblem={reportProblem}
          />
        </section>
        <ErrorNotice error={saveError} action="Saving the segment" />
        {problems.size > 0 && (
          <ul className="field-error">
            {[...problems.values()].map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        )}
        <div className="row">
          <button type="submit" className="primary" disabled={busy || !dirty || problems.size > 0}>
            {creating
              ? "Create segment"
              : production
                ? "Review and save…"
                : busy
                  ? "Saving…"
                  : "Save segment"}
          </button>
          {!creating && dirty && base && (
            <button type="button" onClick={() => show(base)}>
              Discard changes
            </button>
          )}
        </div>
      </form>

      {confirming && base && (
        <ConfirmChangeDialog
          title={`Save segment ${base.key}?`}
          environmentName={environment.name}
          changes={diffValues(baseDraft, draft)}
          busy={busy}
          error={saveError}
          onCancel={() => setConfirming(false)}
          onConfirm={(comment) => void save(comment)}
        />
      )}
      {conflict && base && (
        <ConflictDialog
          subject="this segment"
          base={baseDraft}
          baseVersion={base.version}
          mine={draft}
          theirs={draftOf(conflict)}
          theirsVersion={conflict.version}
          onCancel={() => setConflict(undefined)}
          onDiscard={() => {
            show(conflict);
            setConflict(undefined);
          }}
          onReapply={(merged) => {
            show(conflict);
            setDraft(merged);
            setIncludedText(merged.included.join("\n"));
            setExcludedText(merged.excluded.join("\n"));
            setConflict(undefined);
            setNotice(
              `Your changes are re-applied on version ${conflict.version}. Review them and save.`,
            );
          }}
        />
      )}
      {deleting && base && (
        <ModalDialog
          title={`Delete segment ${base.key}?`}
          onCancel={() => setDeleting(false)}
          actions={
            <>
              <button type="button" onClick={() => setDeleting(false)}>
                Cancel
              </button>
              <button type="button" className="danger solid" onClick={remove} disabled={busy}>
                Delete
              </button>
            </>
          }
        >
          {uses.length > 0 ? (
            <div className="notice warning">
              <p>
                It is still used, so the server will refuse to delete it until these rules stop
                referring to it:
              </p>
              <SegmentUsageList uses={uses} project={project.key} environment={environment.key} />
            </div>
          ) : (
            <p>Nothing uses it. Deleting cannot be undone (the audit log keeps its last state).</p>
          )}
        </ModalDialog>
      )}
    </>
  );
}
