/**
 * Everything a replica needs from Redis, set up in one place: the two connections, the change
 * feed over pub/sub, and the document mirror a starting replica reads first.
 */
import { validateDocument } from "@flagswitch/core";
import type { ChangeFeed } from "../documents/change-feed.js";
import type { DocumentCache } from "../documents/document-cache.js";
import { PublishedDocument } from "../documents/published-document.js";
import { createRedisChangeFeed } from "./redis-change-feed.js";
import { RedisDocumentMirror } from "./redis-document-mirror.js";
import { connectRedis, type RedisLink, type RedisLinkLogger } from "./redis-link.js";

export interface RedisReplication {
  feed: ChangeFeed;
  link: RedisLink;
  /** The mirrored documents that validate, by environment id (empty when Redis is away). */
  readMirror(): Promise<Map<string, PublishedDocument>>;
  /** Mirrors the cached documents Redis lacks or holds older (after a start from the database). */
  fillMirror(): Promise<void>;
  close(): Promise<void>;
}

export interface RedisReplicationOptions {
  url: string;
  prefix: string;
  replicaId: string;
  cache: DocumentCache;
  logger: RedisLinkLogger;
  /** How long start-up waits for Redis before going on without it. */
  connectWaitMs: number;
}

export async function startRedisReplication(
  options: RedisReplicationOptions,
): Promise<RedisReplication> {
  const { cache, logger } = options;
  const link = connectRedis(options.url, logger);
  const ready = await link.waitReady(options.connectWaitMs);
  if (!ready) {
    logger.warn(
      `Redis at ${redact(options.url)} did not answer within ${options.connectWaitMs} ms: starting from the database; changes from other replicas arrive once it does`,
    );
  }
  const mirror = new RedisDocumentMirror(link.commands, options.prefix);
  const feed = createRedisChangeFeed({
    link,
    mirror,
    channel: `${options.prefix}:changes`,
    replicaId: options.replicaId,
    documents: cache,
    logger,
  });
  const mirroredVersions = new Map<string, number>();
  return {
    feed,
    link,
    async readMirror() {
      const documents = new Map<string, PublishedDocument>();
      if (!link.commands.isReady) return documents;
      try {
        for (const entry of await mirror.loadAll()) {
          mirroredVersions.set(entry.environmentId, entry.version);
          const result = validateDocument(entry.document);
          if (!result.ok || result.document.version !== entry.version) continue;
          documents.set(
            entry.environmentId,
            new PublishedDocument(entry.environmentId, entry.projectKey, result.document),
          );
        }
      } catch (error) {
        logger.warn(`reading documents from Redis failed: ${(error as Error).message}`);
      }
      return documents;
    },
    async fillMirror() {
      if (!link.commands.isReady) return;
      try {
        for (const id of cache.environmentIds()) {
          const document = cache.get(id);
          if (!document || (mirroredVersions.get(id) ?? -1) >= document.version) continue;
          await mirror.save({
            environmentId: id,
            version: document.version,
            projectKey: document.projectKey,
            documentJson: document.json(),
          });
        }
      } catch (error) {
        logger.warn(`mirroring documents to Redis failed: ${(error as Error).message}`);
      }
    },
    async close() {
      await feed.close();
      await link.close();
    },
  };
}

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "redis";
  }
}
