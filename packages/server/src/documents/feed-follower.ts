/**
 * Applies what other replicas committed: a newer environment version is read from the
 * database into the cache (which tells the local streams), a key change reloads the key ring.
 * Messages this replica published itself find the cache already up to date and do nothing.
 */
import type { Kysely } from "kysely";
import type { KeyRing } from "../auth/key-ring.js";
import type { Database } from "../db/schema.js";
import type { ChangeFeed } from "./change-feed.js";
import type { FeedMessage } from "./changes.js";
import type { DocumentCache } from "./document-cache.js";
import { reloadDocument } from "./document-loader.js";

export interface FollowerLogger {
  error(message: string): void;
}

export function followChangeFeed(
  feed: ChangeFeed,
  deps: { db: Kysely<Database>; cache: DocumentCache; keyRing: KeyRing; logger: FollowerLogger },
): () => void {
  // One environment reload at a time per environment, in arrival order.
  const pending = new Map<string, Promise<void>>();
  const apply = (message: FeedMessage): Promise<void> => {
    switch (message.type) {
      case "keys":
        return deps.keyRing.reload();
      case "environment-removed":
        deps.cache.remove(message.environmentId);
        return Promise.resolve();
      case "environment": {
        if (deps.cache.version(message.environmentId) >= message.version) return Promise.resolve();
        // A gap means some changes were missed: let streams get the whole document.
        const contiguous = deps.cache.version(message.environmentId) === message.version - 1;
        return reloadDocument(
          deps.db,
          deps.cache,
          message.environmentId,
          message.version,
          contiguous ? message.changes : null,
        );
      }
    }
  };
  return feed.subscribe((message) => {
    const key = message.type === "keys" ? "keys" : message.environmentId;
    const previous = pending.get(key) ?? Promise.resolve();
    const next = previous
      .then(() => apply(message))
      .catch((error: unknown) => {
        deps.logger.error(`applying a change from the feed failed: ${(error as Error).message}`);
      });
    pending.set(key, next);
    void next.then(() => {
      if (pending.get(key) === next) pending.delete(key);
    });
  });
}
