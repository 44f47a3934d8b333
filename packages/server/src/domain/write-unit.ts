/**
 * One write, inside its transaction: locks and versions the environments it changes, records
 * the entity changes that streams will see, and writes the audit entries — all committed
 * together or not at all.
 */
import type { Kysely } from "kysely";
import type { Actor } from "../auth/principal.js";
import { toJson } from "../db/json.js";
import { insertAuditEntry } from "../db/repositories/audit.js";
import { bumpDocumentVersion } from "../db/repositories/environments.js";
import type { Database, EnvironmentRow } from "../db/schema.js";
import type { EntityChange } from "../documents/changes.js";

export interface WriteMeta {
  actor: Actor;
  requestId: string;
  comment?: string | undefined;
}

export interface AuditInput {
  action: string;
  resourceType: string;
  resourceKey: string;
  projectKey?: string | null;
  environmentKey?: string | null;
  flagKey?: string | null;
  before: unknown;
  after: unknown;
}

export interface LockedEnvironment {
  row: EnvironmentRow;
  /** The document version this write produces; every entity it changes gets this version. */
  version: number;
  changes: EntityChange[];
}

/** Which entity the request body describes, so document errors inside it point into the body. */
export interface BodyMirror {
  kind: "flags" | "segments";
  key: string;
}

export class WriteUnit {
  readonly locked = new Map<string, LockedEnvironment>();
  readonly removedEnvironments: string[] = [];
  keysChanged = false;
  bodyMirror: BodyMirror | undefined;

  constructor(
    readonly tx: Kysely<Database>,
    readonly meta: WriteMeta,
    /** The write's timestamp, ISO-8601. */
    readonly now: string,
  ) {}

  /**
   * Takes the environment's write lock and raises its document version (once per write).
   * Call it before reading anything the write depends on.
   */
  async lockEnvironment(row: EnvironmentRow): Promise<number> {
    const held = this.locked.get(row.id);
    if (held) return held.version;
    const version = await bumpDocumentVersion(this.tx, row.id);
    this.locked.set(row.id, { row: { ...row, document_version: version }, version, changes: [] });
    return version;
  }

  /** Locks several environments in a fixed order (by id), so concurrent writes cannot deadlock. */
  async lockEnvironments(rows: EnvironmentRow[]): Promise<Map<string, number>> {
    const versions = new Map<string, number>();
    for (const row of [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
      versions.set(row.id, await this.lockEnvironment(row));
    }
    return versions;
  }

  changed(environmentId: string, change: EntityChange): void {
    const held = this.locked.get(environmentId);
    if (!held) throw new Error(`environment ${environmentId} changed without being locked first`);
    held.changes.push(change);
  }

  environmentRemoved(environmentId: string): void {
    this.locked.delete(environmentId);
    this.removedEnvironments.push(environmentId);
  }

  async audit(input: AuditInput): Promise<void> {
    await insertAuditEntry(this.tx, {
      created_at: this.now,
      actor_id: this.meta.actor.id,
      actor_name: this.meta.actor.name,
      action: input.action,
      resource_type: input.resourceType,
      resource_key: input.resourceKey,
      project_key: input.projectKey ?? null,
      environment_key: input.environmentKey ?? null,
      flag_key: input.flagKey ?? null,
      before: input.before === undefined || input.before === null ? null : toJson(input.before),
      after: input.after === undefined || input.after === null ? null : toJson(input.after),
      comment: this.meta.comment ?? null,
      request_id: this.meta.requestId,
    });
  }
}
