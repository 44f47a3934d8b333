/**
 * The change feed across replicas over Redis pub/sub. Each committed change is published on one
 * channel (and its document mirrored, for replicas that start later); every other replica hears
 * it, reloads that environment from the database and tells its streams what changed (worked out
 * from the documents' versions, see DocumentHistory). Pub/sub delivers at most once, so:
 *  - a change this replica could not publish (Redis down) is kept, latest per environment, and
 *    published when Redis returns;
 *  - each time the subscription (re)connects, local followers get a `resync`: they compare every
 *    environment's version with the database and catch up on whatever they missed.
 */
import type { ChangeFeed } from "../documents/change-feed.js";
import type { FeedMessage } from "../documents/changes.js";
import type { PublishedDocument } from "../documents/published-document.js";
import type { RedisDocumentMirror } from "./redis-document-mirror.js";
import type { RedisLink } from "./redis-link.js";

export interface RedisChangeFeedOptions {
  link: RedisLink;
  mirror: RedisDocumentMirror;
  channel: string;
  /** Tells this replica's own messages apart when they come back on the channel. */
  replicaId: string;
  /** The documents announced by messages, to mirror them along. */
  documents: { get(environmentId: string): PublishedDocument | undefined };
  logger: { warn(message: string): void };
}

interface Envelope {
  origin: string;
  message: FeedMessage;
}

export function createRedisChangeFeed(options: RedisChangeFeedOptions): ChangeFeed {
  const { link, mirror, channel, replicaId, documents, logger } = options;
  const listeners = new Set<(message: FeedMessage) => void>();
  /** Unpublished changes, the latest per environment (and one for keys). */
  const pending = new Map<string, FeedMessage>();
  let closed = false;

  const deliver = (message: FeedMessage) => {
    for (const listener of listeners) listener(message);
  };

  const send = async (message: FeedMessage): Promise<void> => {
    const work: Promise<unknown>[] = [];
    if (message.type === "environment") {
      const document = documents.get(message.environmentId);
      if (document) {
        work.push(
          mirror.save({
            environmentId: document.environmentId,
            version: document.version,
            projectKey: document.projectKey,
            documentJson: document.json(),
          }),
        );
      }
    } else if (message.type === "environment-removed") {
      work.push(mirror.remove(message.environmentId));
    }
    // Receivers reload the document from the database and work out what changed from it, so
    // the entity data need not travel (nor be trusted from the channel).
    const announced: FeedMessage =
      message.type === "environment" ? { ...message, changes: null } : message;
    const envelope: Envelope = { origin: replicaId, message: announced };
    work.push(link.commands.publish(channel, JSON.stringify(envelope)));
    await Promise.all(work);
  };

  const keyOf = (message: FeedMessage) =>
    message.type === "keys" || message.type === "resync" ? message.type : message.environmentId;

  const flushPending = async () => {
    for (const [key, message] of [...pending]) {
      if (closed || !link.commands.isReady) return;
      // Only drop it if nothing newer was queued meanwhile.
      if (pending.get(key) === message) pending.delete(key);
      try {
        await send(message);
      } catch {
        if (!pending.has(key)) pending.set(key, message);
        return;
      }
    }
  };

  const onChannelMessage = (text: string) => {
    const envelope = parseEnvelope(text);
    if (!envelope) {
      logger.warn(`ignored a malformed message on Redis channel "${channel}"`);
      return;
    }
    if (envelope.origin === replicaId) return;
    deliver(envelope.message);
  };

  link.subscriber.subscribe(channel, onChannelMessage).catch((error: Error) => {
    logger.warn(`subscribing to Redis channel "${channel}" failed: ${error.message}`);
  });
  const stopResync = link.onSubscriberReady(() => deliver({ type: "resync" }));
  const stopFlush = link.onCommandsReady(() => void flushPending());

  return {
    async publish(message) {
      if (closed || message.type === "resync") return;
      if (!link.commands.isReady) {
        pending.set(keyOf(message), message);
        return;
      }
      try {
        await send(message);
      } catch {
        // Redis went away mid-command: publish it when it returns.
        pending.set(keyOf(message), message);
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      closed = true;
      stopResync();
      stopFlush();
      listeners.clear();
    },
  };
}

function parseEnvelope(text: string): Envelope | undefined {
  try {
    const value = JSON.parse(text) as Partial<Envelope>;
    const message = value.message as { type?: unknown; environmentId?: unknown } | undefined;
    if (typeof value.origin !== "string" || !message) return undefined;
    switch (message.type) {
      case "keys":
        return value as Envelope;
      case "environment-removed":
        return typeof message.environmentId === "string" ? (value as Envelope) : undefined;
      case "environment": {
        const { version, changes } = message as { version?: unknown; changes?: unknown };
        return typeof message.environmentId === "string" &&
          Number.isSafeInteger(version) &&
          (changes === null || Array.isArray(changes))
          ? (value as Envelope)
          : undefined;
      }
      default:
        return undefined;
    }
  } catch {
    return undefined;
  }
}
