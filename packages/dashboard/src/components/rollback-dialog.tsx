/**
 * Rolling a flag back from the audit log: shows exactly what the restore will change compared
 * with what is live now, then restores that version's configuration as a new version (itself
 * audited). Production asks for the same confirmation as any other change: this is that diff.
 */
import { useState } from "react";
import { ApiError } from "../api/problem.ts";
import { useSession } from "../app/session-context.ts";
import { diffValues } from "../lib/diff.ts";
import { settingsFromDocumentFlag, settingsOf } from "../lib/flag-settings.ts";
import { useAsync } from "../lib/use-async.ts";
import { DiffView } from "./diff-view.tsx";
import { ErrorNotice } from "./error-notice.tsx";
import { ModalDialog } from "./modal-dialog.tsx";

export interface RollbackDialogProps {
  project: string;
  environment: string;
  environmentName: string;
  flag: string;
  toVersion: number;
  onDone(message: string): void;
  onCancel(): void;
}

export function RollbackDialog({
  project,
  environment,
  environmentName,
  flag,
  toVersion,
  onDone,
  onCancel,
}: RollbackDialogProps) {
  const { client } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [comment, setComment] = useState(`Roll back to version ${toVersion}`);
  const state = useAsync(async () => {
    const [current, target] = await Promise.all([
      client.flagConfigs.get(project, environment, flag),
      client.flagConfigs.version(project, environment, flag, toVersion),
    ]);
    return { current, target };
  }, [client, project, environment, flag, toVersion]);

  const restore = async () => {
    if (!state.data) return;
    setBusy(true);
    setError(undefined);
    try {
      const saved = await client.flagConfigs.rollback(
        project,
        environment,
        flag,
        toVersion,
        state.data.current.version,
        comment || undefined,
      );
      onDone(
        `Restored version ${toVersion} of ${flag} in ${environmentName} as version ${saved.version}.`,
      );
    } catch (reason) {
      setError(reason);
      // Moved on meanwhile: show the diff against what is live now.
      if (reason instanceof ApiError && reason.isConflict) state.reload();
    } finally {
      setBusy(false);
    }
  };

  const changes = state.data
    ? diffValues(settingsOf(state.data.current), settingsFromDocumentFlag(state.data.target.flag))
    : [];
  return (
    <ModalDialog
      title={`Roll ${flag} back to version ${toVersion}?`}
      onCancel={onCancel}
      actions={
        <>
          <button type="button" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
          <button
            type="button"
            className="primary"
            onClick={restore}
            disabled={busy || !state.data || changes.length === 0}
          >
            {busy ? "Restoring…" : `Restore version ${toVersion}`}
          </button>
        </>
      }
    >
      <ErrorNotice error={state.error} action="Loading the versions" />
      {state.data && (
        <>
          <p>
            Live in <strong>{environmentName}</strong> now: version {state.data.current.version}.
            Restoring version {toVersion} (saved{" "}
            {new Date(state.data.target.createdAt).toLocaleString()}) will change:
          </p>
          <DiffView
            changes={changes}
            label="What the rollback restores"
            emptyText="Nothing: version is identical to what is live."
          />
          <div className="field" style={{ marginTop: "1rem" }}>
            <label htmlFor="rollback-comment">Comment for the audit log</label>
            <input
              id="rollback-comment"
              value={comment}
              onChange={(event) => setComment(event.target.value)}
            />
          </div>
        </>
      )}
      <ErrorNotice error={error} action="Rolling back" />
    </ModalDialog>
  );
}
