/**
 * Someone saved this flag (or segment) after it was opened here (the server answered 412). Nothing is lost:
 * the dialog shows what they changed and what is changed here, names the fields both touched,
 * and offers to re-apply these edits on top of the latest version (to review and save again)
 * or to drop them and take the latest.
 */
import { diffValues } from "../lib/diff.ts";
import { mergeValues } from "../lib/merge.ts";
import { DiffView } from "./diff-view.tsx";
import { ModalDialog } from "./modal-dialog.tsx";

export interface ConflictDialogProps<T extends object> {
  /** What is being edited, e.g. "this flag". */
  subject: string;
  /** The version the edits started from. */
  base: T;
  baseVersion: number;
  /** The edits made here. */
  mine: T;
  /** What is saved now. */
  theirs: T;
  theirsVersion: number;
  onReapply(merged: T): void;
  onDiscard(): void;
  onCancel(): void;
}

export function ConflictDialog<T extends object>(props: ConflictDialogProps<T>) {
  const {
    subject,
    base,
    baseVersion,
    mine,
    theirs,
    theirsVersion,
    onReapply,
    onDiscard,
    onCancel,
  } = props;
  const merge = mergeValues(base, mine, theirs);
  return (
    <ModalDialog
      title={`Someone else changed ${subject}`}
      onCancel={onCancel}
      actions={
        <>
          <button type="button" onClick={onDiscard}>
            Discard my changes, load version {theirsVersion}
          </button>
          <button type="button" className="primary" onClick={() => onReapply(merge.merged)}>
            Re-apply my changes on version {theirsVersion}
          </button>
        </>
      }
    >
      <p>
        You started from version {baseVersion}; version {theirsVersion} was saved since. Your
        changes are kept until you choose.
      </p>
      {merge.conflicts.length > 0 ? (
        <div className="notice warning" role="status">
          You both changed{" "}
          {merge.conflicts.map((path, index) => (
            <span key={path}>
              {index > 0 ? ", " : ""}
              <code>{path}</code>
            </span>
          ))}
          . Re-applying keeps your value there; everything else of theirs is kept too. Check before
          saving.
        </div>
      ) : (
        <p className="hint">Your changes and theirs do not overlap: re-applying keeps both.</p>
      )}
      <div className="diff-columns">
        <section aria-labelledby="conflict-theirs">
          <h3 id="conflict-theirs">
            Their changes (version {baseVersion} → {theirsVersion})
          </h3>
          <DiffView
            changes={diffValues(base, theirs)}
            label="Their changes"
            emptyText="Nothing in the configuration."
          />
        </section>
        <section aria-labelledby="conflict-mine">
          <h3 id="conflict-mine">Your changes</h3>
          <DiffView changes={diffValues(base, mine)} label="Your changes" />
        </section>
      </div>
    </ModalDialog>
  );
}
