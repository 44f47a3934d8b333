/**
 * One admin change stream: a server-sent event per committed write (flag, segment, experiment,
 * environment, project, key …), read from the audit log — every write commits its audit entries
 * in its own transaction, so an entry exists exactly when its write committed, and names the
 * actor.
 *
 * When to read: at once when a write is heard of (this replica's document cache and key ring are
 * updated after every commit, here or on another replica through the change feed), and on a
 * sweep timer for writes that touch no document (experiments, projects), or whose feed message
 * was lost. Event ids are audit ids, so a client resumes with `Last-Event-ID` and misses nothing.
 */
import type { ServerResponse } from "node:http";
import type { Kysely } from "kysely";
import type { KeyRing } from "../auth/key-ring.js";
import type { AdminPrincipal } from "../auth/principal.js";
import { fromJsonOrNull } from "../db/json.js";
import { listAuditEntriesById, listAuditEntryIdsAfter } from "../db/repositories/audit-tail.js";
import type { AuditEntryRow, Database } from "../db/schema.js";
import type { ChangeFeed } from "./change-feed.js";
import type { DocumentCache } from "./document-cache.js";

/** The data of one `change` event. */
export interface AdminChangeEvent {
  /** The audit entry's id (also the event id). */
  id: number;
  at: string;
  /** The resource kind: `flag`, `segment`, `experiment`, `environment`, `project`, `key` … */
  kind: string;
  action: string;
  key: string;
  project: string | null;
  environment: string | null;
  flag: string | null;
  /** The resource's version after the write (before it, for a deletion); `null` when unversioned. */
  version: number | null;
  actor: { id: string; name: string };
}

export interface AdminChangeStreamOptions {
  db: Kysely<Database>;
  cache: DocumentCache;
  keyRing: KeyRing;
  feed: ChangeFeed;
  principal: AdminPrincipal;
  response: ServerResponse;
  /** Send entries after this audit id. */
  after: number;
  /**
   * With PostgreSQL, audit ids are taken when a transaction inserts and seen when it commits, so
   * a smaller id can become visible after a larger one: each read looks this many ids back and
   * sends what it had not sent yet. SQLite commits one write at a time: 0.
   */
  lateCommitLookback: number;
  heartbeatMs: number;
  sweepMs: number;
  /** A stream whose unsent bytes exceed this is too slow to follow: it is closed. */
  maxBufferedBytes: number;
  logger: { warn(object: object, message: string): void };
}

/** Entries read per query; a larger backlog is read in several. */
const PAGE = 200;

export class AdminChangeStream {
  private readonly sent = new Set<number>();
  private highest: number;
  private reading = false;
  private readAgain = false;
  private readScheduled = false;
  private closed = false;
  private readonly stops: Array<() => void> = [];

  constructor(private readonly options: AdminChangeStreamOptions) {
    this.highest = options.after;
  }

  /** Sends the headers and a `ready` event, then follows the log until the response closes. */
  start(): void {
    const { response, cache, keyRing, feed } = this.options;
    response.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    });
    response.socket?.setNoDelay(true);
    response.on("close", () => this.stop());
    this.write(`event: ready\ndata: ${JSON.stringify({ after: this.options.after })}\n\n`);
    // One write wakes the stream several times (each environment's document, the feed): the
    // wake-ups of one turn of the event loop make one read.
    const wake = () => {
      if (this.readScheduled) return;
      this.readScheduled = true;
      setImmediate(() => {
        this.readScheduled = false;
        void this.read();
      });
    };
    this.stops.push(cache.subscribe(wake));
    this.stops.push(feed.subscribe(wake));
    this.stops.push(
      keyRing.subscribe(() => {
        // A revoked or expired token's stream ends; others may have a key write to hear of.
        if (!keyRing.isUsable(this.options.principal.keyId)) this.end();
        else wake();
      }),
    );
    const heartbeat = setInterval(() => this.write(":\n\n"), this.options.heartbeatMs);
    const sweep = setInterval(wake, this.options.sweepMs);
    heartbeat.unref();
    sweep.unref();
    this.stops.push(() => clearInterval(heartbeat));
    this.stops.push(() => clearInterval(sweep));
    wake();
  }

  /** Reads and sends what is new; one read at a time, another right after if woken meanwhile. */
  private async read(): Promise<void> {
    if (this.reading) {
      this.readAgain = true;
      return;
    }
    this.reading = true;
    try {
      do {
        this.readAgain = false;
        await this.readNew();
      } while (this.readAgain && !this.closed);
    } catch (error) {
      // The database may be down for a moment: the next wake-up or sweep reads again.
      this.options.logger.warn({ err: error }, "reading the audit log for a change stream failed");
    } finally {
      this.reading = false;
    }
  }

  private async readNew(): Promise<void> {
    const { db, principal, after, lateCommitLookback } = this.options;
    for (;;) {
      if (this.closed) return;
      // Ids first (cheap, and mostly ones already sent when looking back), then the new entries.
      const ids = await listAuditEntryIdsAfter(db, {
        after: Math.max(after, this.highest - lateCommitLookback),
        projectKey: principal.projectKey,
        limit: PAGE,
      });
      const rows = await listAuditEntriesById(
        db,
        ids.filter((id) => !this.sent.has(id)),
      );
      let text = "";
      for (const row of rows) {
        const id = Number(row.id);
        this.sent.add(id);
        this.highest = Math.max(this.highest, id);
        text += `id: ${id}\nevent: change\ndata: ${JSON.stringify(presentChange(row))}\n\n`;
      }
      if (text !== "") this.write(text);
      const floor = Math.max(after, this.highest - lateCommitLookback);
      for (const id of this.sent) if (id <= floor) this.sent.delete(id);
      if (ids.length < PAGE) return;
    }
  }

  private write(text: string): void {
    const { response } = this.options;
    if (this.closed || response.writableEnded || response.destroyed) return;
    if (response.writableLength > this.options.maxBufferedBytes) {
      response.destroy();
      return;
    }
    response.write(text);
  }

  private end(): void {
    this.stop();
    if (!this.options.response.writableEnded) this.options.response.end();
  }

  private stop(): void {
    if (this.closed) return;
    this.closed = true;
    for (const stop of this.stops.splice(0)) stop();
  }
}

export function presentChange(row: AuditEntryRow): AdminChangeEvent {
  return {
    id: Number(row.id),
    at: row.created_at,
    kind: row.resource_type,
    action: row.action,
    key: row.resource_key,
    project: row.project_key,
    environment: row.environment_key,
    flag: row.flag_key,
    version: versionOf(row.after) ?? versionOf(row.before),
    actor: { id: row.actor_id, name: row.actor_name },
  };
}

function versionOf(json: string | null): number | null {
  const value = fromJsonOrNull<unknown>(json);
  if (typeof value !== "object" || value === null) return null;
  const version = (value as { version?: unknown }).version;
  return typeof version === "number" ? version : null;
}
