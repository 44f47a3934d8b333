/**
 * Server-sent event streams of flag documents. Each stream gets a `put` (the whole document)
 * on connect, then `patch` and `delete` events as writes land in the cache, every event with
 * `id: <document version>`; a `:` comment every heartbeat keeps proxies from closing idle
 * streams. Each event is serialised once per environment, whatever the number of listeners.
 */
import type { ServerResponse } from "node:http";
import type { EntityChange } from "./changes.js";
import type { CacheEvent, DocumentCache } from "./document-cache.js";
import type { PublishedDocument } from "./published-document.js";

export interface SseHubOptions {
  heartbeatMs: number;
  /** A stream whose unsent bytes exceed this is too slow to follow: it is closed. */
  maxBufferedBytes: number;
}

export interface StreamConnection {
  environmentId: string;
  keyId: string;
  response: ServerResponse;
}

export class SseHub {
  private readonly byEnvironment = new Map<string, Set<StreamConnection>>();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly unsubscribe: () => void;

  constructor(
    cache: DocumentCache,
    private readonly options: SseHubOptions,
  ) {
    this.unsubscribe = cache.subscribe((event) => this.onCacheEvent(event));
    this.heartbeat = setInterval(() => this.broadcastAll(":\n\n"), options.heartbeatMs);
    this.heartbeat.unref();
  }

  get connectionCount(): number {
    let count = 0;
    for (const set of this.byEnvironment.values()) count += set.size;
    return count;
  }

  /** Starts a stream on a response whose headers are not yet sent, with the current document. */
  open(connection: StreamConnection, document: PublishedDocument): void {
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
    response.on("close", () => this.forget(connection));
    this.write(connection, putEvent(document));
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
    const text =
      event.changes === null
        ? putEvent(event.document)
        : event.changes.map((change) => changeEvent(event.document.version, change)).join("");
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
    set?.delete(connection);
    if (set && set.size === 0) this.byEnvironment.delete(connection.environmentId);
  }
}

function putEvent(document: PublishedDocument): string {
  return `id: ${document.version}\nevent: put\ndata: ${document.json()}\n\n`;
}

function changeEvent(version: number, change: EntityChange): string {
  if ("deleted" in change) {
    const data = JSON.stringify({ kind: change.kind, key: change.key, version: change.version });
    return `id: ${version}\nevent: delete\ndata: ${data}\n\n`;
  }
  const data = JSON.stringify({ kind: change.kind, key: change.key, data: change.data });
  return `id: ${version}\nevent: patch\ndata: ${data}\n\n`;
}
