/** A list of keys (never their secrets): what each is for, its scope, and a revoke button. */
import type { ApiKey } from "../api/types.ts";
import { formatDateTime } from "../lib/format.ts";

export interface KeysTableProps {
  caption: string;
  keys: readonly ApiKey[];
  onRevoke(key: ApiKey): void;
}

export function KeysTable({ caption, keys, onRevoke }: KeysTableProps) {
  if (keys.length === 0) return <p className="hint">None.</p>;
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Kind</th>
            <th scope="col">Scope</th>
            <th scope="col">Created</th>
            <th scope="col">Status</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => {
            const revoked = key.revokedAt !== null;
            return (
              <tr key={key.id}>
                <td>
                  {key.name}
                  <div className="hint mono">{key.id}</div>
                </td>
                <td>
                  {key.kind === "admin" ? `admin token (${key.role})` : `${key.kind}-side SDK key`}
                </td>
                <td>
                  {key.project ?? "all projects"}
                  {key.environment ? ` / ${key.environment}` : ""}
                </td>
                <td>
                  {formatDateTime(key.createdAt)}
                  <div className="hint">by {key.createdBy}</div>
                </td>
                <td>
                  {revoked ? (
                    <span className="badge danger">revoked {formatDateTime(key.revokedAt)}</span>
                  ) : key.expiresAt ? (
                    <span className="badge warning">expires {formatDateTime(key.expiresAt)}</span>
                  ) : (
                    <span className="badge on">active</span>
                  )}
                </td>
                <td>
                  {!revoked && (
                    <button
                      type="button"
                      className="small danger"
                      onClick={() => onRevoke(key)}
                      aria-label={`Revoke ${key.name}`}
                    >
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
