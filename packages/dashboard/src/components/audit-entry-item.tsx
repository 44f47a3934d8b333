/**
 * One audit entry on the timeline: who did what to which resource, when and why, the diff of
 * before → after on demand, and for flag configuration changes the versions it can roll back to.
 */
import type { AuditEntry } from "../api/types.ts";
import { diffValues } from "../lib/diff.ts";
import { isDocumentFlag } from "../lib/flag-settings.ts";
import { formatDateTime, formatRelative } from "../lib/format.ts";
import { DiffView } from "./diff-view.tsx";

export interface AuditEntryItemProps {
  entry: AuditEntry;
  now: number;
  environmentName(key: string): string;
  onRollback(request: { flag: string; environment: string; toVersion: number }): void;
}

/** Audit fields every entry changes that say nothing about the change itself. */
const NOISE = new Set(["version", "updatedAt", "documentVersion"]);

export function AuditEntryItem({ entry, now, environmentName, onRollback }: AuditEntryItemProps) {
  const changes = diffValues(entry.before ?? undefined, entry.after ?? undefined).filter(
    (change) => !NOISE.has(change.path),
  );
  const rollbackable =
    entry.resource.type === "flag" && entry.environment !== null && entry.flag !== null;
  const before = isDocumentFlag(entry.before) ? entry.before : undefined;
  const after = isDocumentFlag(entry.after) ? entry.after : undefined;
  // Only offered when rollbackable, which guarantees the flag and environment are set.
  const rollbackTo = (toVersion: number) =>
    onRollback({
      flag: entry.flag as string,
      environment: entry.environment as string,
      toVersion,
    });
  return (
    <li className="timeline-entry">
      <div className="row spread">
        <div>
          <strong>{entry.actor.name}</strong> <code>{entry.action}</code> {entry.resource.type}{" "}
          <strong className="mono">{entry.resource.key}</strong>
          {entry.environment && <> in {environmentName(entry.environment)}</>}
        </div>
        <time className="when" dateTime={entry.createdAt} title={formatDateTime(entry.createdAt)}>
          {formatRelative(entry.createdAt, now)}
        </time>
      </div>
      {entry.comment && <p className="hint">“{entry.comment}”</p>}
      <details>
        <summary>
          {changes.length} {changes.length === 1 ? "change" : "changes"}
          {before && after ? ` (version ${before.version} → ${after.version})` : ""}
        </summary>
        <DiffView
          changes={changes}
          label={`Changes in audit entry ${entry.id}`}
          emptyText="No field changed."
        />
      </details>
      {rollbackable && (before || after) && (
        <div className="row" style={{ marginTop: "0.4rem" }}>
          {before && (
            <button type="button" className="small" onClick={() => rollbackTo(before.version)}>
              Roll back this change (restore version {before.version})
            </button>
          )}
          {after && (
            <button type="button" className="small" onClick={() => rollbackTo(after.version)}>
              Restore version {after.version}
            </button>
          )}
        </div>
      )}
    </li>
  );
}
