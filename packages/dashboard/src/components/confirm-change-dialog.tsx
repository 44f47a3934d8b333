/**
 * Before a production change is saved: what will change, field by field, and an optional
 * comment for the audit log. Nothing is sent until "Save to …" is pressed.
 */
import { useId, useState } from "react";
import type { Change } from "../lib/diff.ts";
import { DiffView } from "./diff-view.tsx";
import { ErrorNotice } from "./error-notice.tsx";
import { ModalDialog } from "./modal-dialog.tsx";

export interface ConfirmChangeDialogProps {
  title: string;
  environmentName: string;
  changes: readonly Change[];
  busy: boolean;
  error?: unknown;
  onConfirm(comment: string): void;
  onCancel(): void;
}

export function ConfirmChangeDialog({
  title,
  environmentName,
  changes,
  busy,
  error,
  onConfirm,
  onCancel,
}: ConfirmChangeDialogProps) {
  const [comment, setComment] = useState("");
  const commentId = useId();
  return (
    <ModalDialog
      title={title}
      onCancel={onCancel}
      actions={
        <>
          <button type="button" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
          <button
            type="button"
            className="primary"
            onClick={() => onConfirm(comment)}
            disabled={busy || changes.length === 0}
          >
            {busy ? "Saving…" : `Save to ${environmentName}`}
          </button>
        </>
      }
    >
      <p>
        This changes what SDKs serve in <strong>{environmentName}</strong> within seconds. Review
        the change:
      </p>
      <p className="hint">
        Asked before every save to a production environment: one whose key starts with “prod”.
      </p>
      <DiffView changes={changes} label={`Changes to ${environmentName}`} />
      <div className="field" style={{ marginTop: "1rem" }}>
        <label htmlFor={commentId}>Comment for the audit log (optional)</label>
        <input
          id={commentId}
          value={comment}
          onChange={(event) => setComment(event.target.value)}
          maxLength={2000}
        />
      </div>
      <ErrorNotice error={error} action="Saving" />
    </ModalDialog>
  );
}
