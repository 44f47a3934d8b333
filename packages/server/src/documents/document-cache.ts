/**
 * The compiled document of every environment, in memory: SDK reads never touch the database.
 * Writers install the new document right after commit (write-through); listeners (the SSE hub)
 * hear about every newer version exactly once, whichever path installed it. The cache keeps
 * the history that tells a resuming stream what changed since the version it holds.
 */
import type { EntityChange } from "./changes.js";
import { DocumentHistory, type VersionedChanges } from "./document-history.js";
import type { PublishedDocument } from "./published-document.js";

export type CacheEvent =
  | {
      type: "updated";
      document: PublishedDocument;
      /** The version replaced (-1: none). */
      previousVersion: number;
      /** What the write changed, when the installer knows it one by one. */
      changes: EntityChange[] | null;
    }
  | { type: "removed"; environmentId: string };

export class DocumentCache {
  private readonly documents = new Map<string, PublishedDocument>();
  private readonly listeners = new Set<(event: CacheEvent) => void>();
  private readonly history = new DocumentHistory();

  get(environmentId: string): PublishedDocument | undefined {
    return this.documents.get(environmentId);
  }

  version(environmentId: string): number {
    return this.documents.get(environmentId)?.version ?? -1;
  }

  get size(): number {
    return this.documents.size;
  }

  /** Installs a document if it is newer than the one held; returns whether it was. */
  install(document: PublishedDocument, changes: EntityChange[] | null): boolean {
    const current = this.documents.get(document.environmentId);
    if (current && current.version >= document.version) return false;
    this.documents.set(document.environmentId, document);
    this.history.record(current, document);
    this.emit({ type: "updated", document, previousVersion: current?.version ?? -1, changes });
    return true;
  }

  remove(environmentId: string): void {
    this.history.forget(environmentId);
    if (this.documents.delete(environmentId)) this.emit({ type: "removed", environmentId });
  }

  /**
   * What changed in the environment after version `since` up to the cached document, grouped
   * by version; `null` when this replica cannot tell (a whole document must be sent instead).
   */
  changesSince(environmentId: string, since: number): VersionedChanges[] | null {
    const document = this.documents.get(environmentId);
    return document ? this.history.changesSince(document, since) : null;
  }

  /** Ids of every cached environment. */
  environmentIds(): string[] {
    return [...this.documents.keys()];
  }

  subscribe(listener: (event: CacheEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: CacheEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
