/**
 * How committed changes reach every server replica. Here: in-process (one replica, or several
 * in one process sharing a feed, as the tests do). With Redis, an implementation of the same
 * interface publishes to a channel and delivers what other replicas published.
 */
import { EventEmitter } from "node:events";
import type { FeedMessage } from "./changes.js";

export interface ChangeFeed {
  publish(message: FeedMessage): Promise<void>;
  /** Returns the function that unsubscribes. */
  subscribe(listener: (message: FeedMessage) => void): () => void;
  close(): Promise<void>;
}

export function createInProcessChangeFeed(): ChangeFeed {
  const emitter = new EventEmitter();
  // Every replica in the process subscribes once; no leak warning for a handful of them.
  emitter.setMaxListeners(0);
  return {
    async publish(message) {
      emitter.emit("message", message);
    },
    subscribe(listener) {
      emitter.on("message", listener);
      return () => emitter.off("message", listener);
    },
    async close() {
      emitter.removeAllListeners();
    },
  };
}
