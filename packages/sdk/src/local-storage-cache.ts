/** A DocumentCache in `localStorage`: harmless where there is none (Node, workers, privacy modes). */

import type { DocumentCache } from "./document-cache.js";
import { CacheError } from "./errors.js";

interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/**
 * @example
 * const client = createClient({ sdkKey, baseUrl, cache: createLocalStorageCache() });
 */
export function createLocalStorageCache(key = "flagswitch:document"): DocumentCache {
  return {
    async load() {
      const storage = findStorage();
      if (!storage) return undefined;
      let text: string | null;
      try {
        text = storage.getItem(key);
      } catch (error) {
        throw new CacheError(`localStorage "${key}": cannot read`, { cause: error });
      }
      if (text === null) return undefined;
      try {
        return JSON.parse(text) as unknown;
      } catch (error) {
        throw new CacheError(`localStorage "${key}": not JSON`, { cause: error });
      }
    },
    async save(document) {
      const storage = findStorage();
      if (!storage) return;
      try {
        storage.setItem(key, JSON.stringify(document));
      } catch (error) {
        // Usually the quota: the cache is a convenience, the flags keep working.
        throw new CacheError(`localStorage "${key}": cannot write`, { cause: error });
      }
    },
  };
}

/** Even reading `globalThis.localStorage` throws in some sandboxed frames. */
function findStorage(): StorageLike | undefined {
  try {
    const storage = (globalThis as { localStorage?: StorageLike }).localStorage;
    return storage && typeof storage.getItem === "function" ? storage : undefined;
  } catch {
    return undefined;
  }
}
