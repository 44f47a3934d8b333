/**
 * Applies what other replicas committed: a newer environment version is read from the
 * database into the cache (which tells the local streams), a key change reloads the key ring,
 * and a `resync` (the feed may have lost messages) compares every environment with the database.
 * Messages this replica published itself find the cache already up to date and do nothing.
 */
import type { Kysely } from "kysely";
import type { KeyRing } from "../auth/key-ring.js";
import type { Database } from "../db/schema.js";
import type { ChangeFeed } from "./change-feed.js";
import type { FeedMessage } from "./changes.js";
import type { DocumentCache } from "./document-cache.js";
import { loadAllDocuments, reloadDocument } from "./document-loader.js";

export interface FollowerLogger {
  error(message: string): void;
}

export interface FollowerOptions {
  /** Called after a `resync` pass, with how many environments it reloaded, or its error. */
  onResync?: (outcome: { reloaded: number } | { error: Error }) => void;
}

export interface FeedFollower {
  /** Compares every environment with the database now (the periodic safety net). */
  resync(): void;
  stop(): void;
}

export function followChangeFeed(
  feed: ChangeFeed,
  deps: { db: Kysely<Database>; cache: DocumentCache; keyRing: KeyRing; logger: FollowerLogger },
  options: FollowerOptions = {},
): FeedFollower {
  // One environment reload at a time per environment, in arrival order.
  const pending = new Map<string, Promise<void>>();
  const apply = (message: FeedMessage): Promise<void> => {
    switch (message.type) {
      case "keys":
        return deps.keyRing.reload();
      case "resync":
        return resync();
      case "environment-removed":
        deps.cache.remove(message.environmentId);
        return Promise.resolve();
      case "environment": {
        if (deps.cache.version(message.environmentId) >= message.version) return Promise.resolve();
        // After a gap the message's changes are not the whole story: streams get what the
        // cache's history tells (or the whole document).
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
  // A pass already waiting to run covers any request made meanwhile.
  let resyncWaiting = false;
  const resync = async (): Promise<void> => {
    resyncWaiting = false;
    try {
      await deps.keyRing.reload();
      const { fromDatabase } = await loadAllDocuments(deps.db, deps.cache, deps.logger);
      options.onResync?.({ reloaded: fromDatabase });
    } catch (error) {
      // Reported once by the caller (the database may be down for a while); retried next pass.
      options.onResync?.({ error: error as Error });
    }
  };
  const receive = (message: FeedMessage) => {
    if (message.type === "resync") {
      if (resyncWaiting) return;
      resyncWaiting = true;
    }
    const key =
      message.type === "keys" || message.type === "resync" ? message.type : message.environmentId;
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
  };
  const unsubscribe = feed.subscribe(receive);
  return { resync: () => receive({ type: "resync" }), stop: unsubscribe };
}
