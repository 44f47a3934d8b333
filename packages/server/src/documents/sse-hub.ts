/**
 * Server-sent event streams of flag documents. Each stream gets a `put` (the whole document)
 * on connect, then `patch` and `delete` events as writes land in the cache; a `:` comment every
 * heartbeat keeps proxies from closing idle streams. Each event is serialised once per
 * environment, whatever the number of listeners.
 *
 * Ids: the events of one document version end with `id: <version>` on the last of them (the
 * others carry none, so an EventSource's last id only moves once the whole version arrived). A
 * client that reconnects with `Last-Event-ID` — to this replica or another — gets only what
 * changed after that version when the replica can tell, else a whole `put`.
 */
import type { ServerResponse } from "node:http";
import { StreamSlots } from "../http/stream-slots.js";
import type { EntityChange } from "./changes.js";
import type { CacheEvent, DocumentCache } from "./document-cache.js";
import type { VersionedChanges } from "./document-history.js";
import type { PublishedDocument } from "./published-document.js";

export interface SseHubOptions {
  heartbeatMs: number;
  /** A stream whose unsent bytes exceed this is too slow to follow: it is closed. */
  maxBufferedBytes: number;
  /** Open streams at most, in all and per SDK key. */
  maxStreams: number;
  maxStreamsPerKey: number;
}

export interface StreamConnection {
  environmentId: string;
  keyId: string;
  response: ServerResponse;
}

export class SseHub {
  private readonly byEnvironment = new Map<string, Set<StreamConnection>>();
  /** Each open stream's slot, given back when it closes. */
  private readonly releases = new Map<StreamConnection, () => void>();
  /** Per replica and per SDK key: see `streamRefusal`. */
  readonly slots: StreamSlots;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly cache: DocumentCache,
    private readonly options: SseHubOptions,
  ) {
    this.slots = new StreamSlots({
      maxStreams: options.maxStreams,
      maxStreamsPerOwner: options.maxStreamsPerKey,
    });
    this.unsubscribe = cache.subscribe((event) => this.onCacheEvent(event));
    this.heartbeat = setInterval(() => this.broadcastAll(":\n\n"), options.heartbeatMs);
    this.heartbeat.unref();
  }

  get connectionCount(): number {
    return this.slots.count;
  }

  /**
   * Starts a stream on a response whose headers are not yet sent. Without `lastEventId` it
   * begins with the whole document; with it, with what changed since (nothing when current).
   */
  open(connection: StreamConnection, document: PublishedDocument, lastEventId?: number): void {
    const { response } = connection;
    response.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      // Tells nginx-style proxies not to buffer the stream.
      "x-accel-buffering": "no",
    });
    response.socket?.setNoDelay(true);
    let set = this.byEnvironment.get(connection.environmentId);
    if (!set) {
      set = new Set();
      this.byEnvironment.set(connection.environmentId, set);
    }
    set.add(connection);
    this.releases.set(connection, this.slots.take(connection.keyId));
    response.on("close", () => this.forget(connection));
    this.write(connection, this.opening(document, lastEventId));
  }

  private opening(document: PublishedDocument, lastEventId: number | undefined): string {
    if (lastEventId === undefined || lastEventId > document.version) return putEvent(document);
    if (lastEventId === document.version) return `: up to date at ${document.version}\n\n`;
    const changes = this.cache.changesSince(document.environmentId, lastEventId);
    return changes ? changeEvents(changes) : putEvent(document);
  }

  /** Ends the streams of keys that no longer authenticate (revoked, expired). */
  closeWhere(predicate: (connection: StreamConnection) => boolean): void {
    for (const set of this.byEnvironment.values()) {
      for (const connection of set) if (predicate(connection)) this.end(connection);
    }
  }

  close(): void {
    clearInterval(this.heartbeat);
    this.unsubscribe();
    for (const set of this.byEnvironment.values())
      for (const connection of set) this.end(connection);
    this.byEnvironment.clear();
  }

  private onCacheEvent(event: CacheEvent): void {
    if (event.type === "removed") {
      for (const connection of this.byEnvironment.get(event.environmentId) ?? [])
        this.end(connection);
      return;
    }
    const set = this.byEnvironment.get(event.document.environmentId);
    if (!set || set.size === 0) return;
    const text = this.update(event);
    if (text !== "") this.broadcast(set, text);
  }

  /**
   * The events for one cache update: the write's own changes when the update follows the
   * previous version directly; else what the history tells (this replica missed versions —
   * messages lost, or one of its own writes landed on top of another replica's it had not heard
   * of yet); else the whole document.
   */
  private update(event: Extract<CacheEvent, { type: "updated" }>): string {
    const { document } = event;
    if (event.changes !== null && event.previousVersion === document.version - 1) {
      return changeEvents([{ version: document.version, changes: event.changes }]);
    }
    const known =
      event.previousVersion >= 0
        ? this.cache.changesSince(document.environmentId, event.previousVersion)
        : null;
    return known ? changeEvents(known) : putEvent(document);
  }

  private broadcast(set: Set<StreamConnection>, text: string): void {
    for (const connection of set) this.write(connection, text);
  }

  private broadcastAll(text: string): void {
    for (const set of this.byEnvironment.values())
      for (const connection of set) this.write(connection, text);
  }

  private write(connection: StreamConnection, text: string): void {
    const { response } = connection;
    if (response.writableEnded || response.destroyed) return;
    if (response.writableLength > this.options.maxBufferedBytes) {
      response.destroy();
      return;
    }
    response.write(text);
  }

  private end(connection: StreamConnection): void {
    this.forget(connection);
    if (!connection.response.writableEnded) connection.response.end();
  }

  private forget(connection: StreamConnection): void {
    const set = this.byEnvironment.get(connection.environmentId);
    if (!set?.delete(connection)) return;
    if (set.size === 0) this.byEnvironment.delete(connection.environmentId);
    this.releases.get(connection)?.();
    this.releases.delete(connection);
  }
}

function putEvent(document: PublishedDocument): string {
  return `id: ${document.version}\nevent: put\ndata: ${document.json()}\n\n`;
}

/** Each version's events, the last of them carrying the version as its id. */
function changeEvents(groups: VersionedChanges[]): string {
  let text = "";
  for (const { version, changes } of groups) {
    changes.forEach((change, index) => {
      text += changeEvent(index === changes.length - 1 ? version : undefined, change);
    });
  }
  return text;
}

function changeEvent(id: number | undefined, change: EntityChange): string {
  const idLine = id === undefined ? "" : `id: ${id}\n`;
  if ("deleted" in change) {
    const data = JSON.stringify({ kind: change.kind, key: change.key, version: change.version });
    return `${idLine}event: delete\ndata: ${data}\n\n`;
  }
  const data = JSON.stringify({ kind: change.kind, key: change.key, data: change.data });
  return `${idLine}event: patch\ndata: ${data}\n\n`;
}
