/**
 * The compiled document of every environment, in memory: SDK reads never touch the database.
 * Writers install the new document right after commit (write-through); listeners (the SSE hub)
 * hear about every newer version exactly once, whichever path installed it.
 */
import type { EntityChange } from "./changes.js";
import type { PublishedDocument } from "./published-document.js";

export type CacheEvent =
  | { type: "updated"; document: PublishedDocument; changes: EntityChange[] | null }
  | { type: "removed"; environmentId: string };

export class DocumentCache {
  private readonly documents = new Map<string, PublishedDocument>();
  private readonly listeners = new Set<(event: CacheEvent) => void>();

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
    this.emit({ type: "updated", document, changes });
    return true;
  }

  remove(environmentId: string): void {
    if (this.documents.delete(environmentId)) this.emit({ type: "removed", environmentId });
  }

  subscribe(listener: (event: CacheEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: CacheEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
