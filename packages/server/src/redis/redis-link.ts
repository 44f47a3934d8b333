/**
 * The two Redis connections a replica keeps: one for commands (publish, the document mirror)
 * and one subscribed to the change channel (a subscribed connection can do nothing else).
 * Both reconnect for ever with capped backoff; while Redis is away the replica serves from its
 * cache and the database, and commands fail at once instead of queueing behind the outage.
 */
import { createClient } from "redis";

export type RedisClient = ReturnType<typeof createClient>;

export interface RedisLinkLogger {
  info(message: string): void;
  warn(message: string): void;
}

export interface RedisLink {
  readonly commands: RedisClient;
  readonly subscriber: RedisClient;
  /** Both connections are up. */
  readonly isReady: boolean;
  /** Resolves true once both are up, false after `timeoutMs` (the replica starts anyway). */
  waitReady(timeoutMs: number): Promise<boolean>;
  /** Called each time the subscribed connection (re)connects: messages may have been missed. */
  onSubscriberReady(listener: () => void): () => void;
  /** Called each time the command connection (re)connects. */
  onCommandsReady(listener: () => void): () => void;
  close(): Promise<void>;
}

/** Backoff between reconnection attempts: 50 ms doubling to 2 s, with jitter. */
function reconnectDelay(retries: number): number {
  return Math.min(50 * 2 ** retries, 2000) + Math.floor(Math.random() * 100);
}

export function connectRedis(url: string, logger: RedisLinkLogger): RedisLink {
  const commands = createClient({
    url,
    // A publish during an outage must not wait for Redis: it fails and is retried on reconnect.
    disableOfflineQueue: true,
    pingInterval: 5000,
    socket: { connectTimeout: 2000, reconnectStrategy: reconnectDelay },
  });
  // Subscriptions made before the connection is up wait for it (and are renewed on reconnect).
  const subscriber = commands.duplicate({ disableOfflineQueue: false });
  const subscriberReady = new Set<() => void>();
  const commandsReady = new Set<() => void>();
  let down = false;
  const reportDown = (which: string, error: Error) => {
    // One line per outage, not one per reconnection attempt.
    if (down) return;
    down = true;
    logger.warn(
      `Redis (${which} connection) is unavailable: ${error.message}; serving from cache and database, retrying`,
    );
  };
  const reportUp = () => {
    if (!down || !commands.isReady || !subscriber.isReady) return;
    down = false;
    logger.info("Redis is reachable again");
  };
  commands.on("error", (error: Error) => reportDown("command", error));
  subscriber.on("error", (error: Error) => reportDown("subscriber", error));
  commands.on("ready", () => {
    reportUp();
    for (const listener of commandsReady) listener();
  });
  subscriber.on("ready", () => {
    reportUp();
    for (const listener of subscriberReady) listener();
  });
  // connect() retries until it succeeds; failures surface through the "error" events above.
  const connecting = Promise.all([commands.connect(), subscriber.connect()]).catch(() => {});

  return {
    commands,
    subscriber,
    get isReady() {
      return commands.isReady && subscriber.isReady;
    },
    async waitReady(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      });
      await Promise.race([connecting, timeout]);
      clearTimeout(timer);
      return commands.isReady && subscriber.isReady;
    },
    onSubscriberReady(listener) {
      subscriberReady.add(listener);
      return () => subscriberReady.delete(listener);
    },
    onCommandsReady(listener) {
      commandsReady.add(listener);
      return () => commandsReady.delete(listener);
    },
    async close() {
      subscriberReady.clear();
      commandsReady.clear();
      // Destroyed, a client stops reconnecting; `connecting` then settles on its own.
      for (const client of [subscriber, commands]) {
        if (client.isOpen) client.destroy();
      }
    },
  };
}
