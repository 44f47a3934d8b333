/** A list of field-level changes (lib/diff.ts): removed values struck through, added ones marked. */
import { type Change, previewValue } from "../lib/diff.ts";

export interface DiffViewProps {
  changes: readonly Change[];
  /** Shown when there is nothing to list. */
  emptyText?: string;
  /** Long lists (a thousand target keys) are cut here, with a count of the rest. */
  limit?: number;
  label?: string;
}

const KIND_TEXT = {
  added: "added",
  removed: "removed",
  changed: "changed",
  reordered: "reordered",
} as const;

export function DiffView({
  changes,
  emptyText = "No changes.",
  limit = 200,
  label = "Changes",
}: DiffViewProps) {
  if (changes.length === 0) return <p className="hint">{emptyText}</p>;
  const shown = changes.slice(0, limit);
  return (
    <>
      <ul className="diff" aria-label={label}>
        {shown.map((change, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a diff is rendered once, never reordered
          <li key={`${change.path}:${index}`}>
            <span className="path">{change.path || "(whole value)"}</span>
            <span className="values">
              <span className="kind">{KIND_TEXT[change.kind]}</span>
              {change.kind !== "added" && (
                <del>
                  <span className="visually-hidden">before: </span>
                  {previewValue(change.before)}
                </del>
              )}
              {change.kind === "changed" || change.kind === "reordered" ? " → " : " "}
              {change.kind !== "removed" && (
                <ins>
                  <span className="visually-hidden">after: </span>
                  {previewValue(change.after)}
                </ins>
              )}
            </span>
          </li>
        ))}
      </ul>
      {changes.length > shown.length && (
        <p className="hint">…and {changes.length - shown.length} more changes.</p>
      )}
    </>
  );
}
