/**
 * The change feed between the workers of one `flagswitch serve --workers N` (used when there is
 * no Redis): a worker sends each committed change to the primary over Node's IPC channel, and
 * the primary hands it to every other worker. Each worker is a full replica over the same
 * database, so a message only says which environment moved; the worker reloads it from there.
 */
import type { ChangeFeed } from "../documents/change-feed.js";
import type { FeedMessage } from "../documents/changes.js";

/** Marks our messages among whatever else travels on the IPC channel. */
export const IPC_FEED_TAG = "flagswitch:change-feed";

export interface IpcEnvelope {
  tag: typeof IPC_FEED_TAG;
  message: FeedMessage;
}

/** The worker's end of the channel: `process` in a cluster worker. */
export interface IpcChannel {
  send?: ((message: unknown) => boolean) | undefined;
  connected?: boolean;
  on(event: "message", listener: (message: unknown) => void): unknown;
  off(event: "message", listener: (message: unknown) => void): unknown;
}

export function isIpcEnvelope(value: unknown): value is IpcEnvelope {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { tag?: unknown }).tag === IPC_FEED_TAG &&
    typeof (value as { message?: { type?: unknown } }).message?.type === "string"
  );
}

export function createIpcChangeFeed(channel: IpcChannel = process): ChangeFeed {
  const listeners = new Map<(message: FeedMessage) => void, (raw: unknown) => void>();
  return {
    async publish(message) {
      if (message.type === "resync" || !channel.send || channel.connected === false) return;
      // Entity data need not travel: receivers reload the document from the database.
      const announced: FeedMessage =
        message.type === "environment" ? { ...message, changes: null } : message;
      const envelope: IpcEnvelope = { tag: IPC_FEED_TAG, message: announced };
      channel.send(envelope);
    },
    subscribe(listener) {
      const onMessage = (raw: unknown) => {
        if (isIpcEnvelope(raw)) listener(raw.message);
      };
      listeners.set(listener, onMessage);
      channel.on("message", onMessage);
      return () => {
        channel.off("message", onMessage);
        listeners.delete(listener);
      };
    },
    async close() {
      for (const onMessage of listeners.values()) channel.off("message", onMessage);
      listeners.clear();
    },
  };
}
