/**
 * `createServer`: opens the database, migrates it, loads keys and every environment's document
 * into memory, makes sure an admin token exists, and returns a Fastify app ready to listen.
 *
 * @example
 * const server = await createServer({ config: resolveConfig(process.env, { port: 0 }) });
 * const url = await server.listen();
 * // …
 * await server.close();
 */
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { FastifyBaseLogger, FastifyInstance } from "fastify";
import { createFastify, registerApplication } from "./app.js";
import { FailedAuthLimiter } from "./auth/failed-auth-limiter.js";
import { KeyRing } from "./auth/key-ring.js";
import { type Clock, systemClock } from "./clock.js";
import type { ServerConfig } from "./config.js";
import { type DatabaseHandle, openDatabase } from "./db/connect.js";
import { migrateToLatest } from "./db/migrate.js";
import { deleteIdempotencyRecordsBefore } from "./db/repositories/idempotency.js";
import { type ChangeFeed, createInProcessChangeFeed } from "./documents/change-feed.js";
import { DocumentCache } from "./documents/document-cache.js";
import { loadAllDocuments } from "./documents/document-loader.js";
import { followChangeFeed } from "./documents/feed-follower.js";
import type { PublishedDocument } from "./documents/published-document.js";
import { SseHub } from "./documents/sse-hub.js";
import { ensureAdminToken } from "./domain/bootstrap.js";
import { Writer } from "./domain/writer.js";
import { StreamSlots } from "./http/stream-slots.js";
import { startRedisReplication } from "./redis/redis-replication.js";
import type { Services } from "./services.js";

export interface CreateServerOptions {
  config: ServerConfig;
  clock?: Clock;
  /**
   * How changes reach other replicas. Default: Redis when `config.redisUrl` is set, else a
   * fresh in-process feed (one replica). Tests share one in-process feed between servers; the
   * `--workers` cluster passes its inter-process feed.
   */
  feed?: ChangeFeed;
  /**
   * Whether to compare every document with the database each `config.reconcileMs`, catching
   * changes whose messages were lost. Default: when changes cross processes (Redis).
   */
  reconcile?: boolean;
  /** Fastify logger: `true` logs at config.logLevel; `false` is silent. */
  logger?: boolean | object;
}

export interface FlagSwitchServer {
  app: FastifyInstance;
  services: Services;
  /** The first admin token, when this start created it (print it once: only its hash is kept). */
  firstAdminToken: string | undefined;
  /** Starts listening on config.host:config.port; returns the base URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

const HOUR_MS = 3_600_000;

/** Logs a failed resync once per outage, and the recovery, rather than every pass. */
function resyncReporter(logger: FastifyBaseLogger) {
  let failing = false;
  return (outcome: { reloaded: number } | { error: Error }) => {
    if ("error" in outcome) {
      if (!failing) {
        logger.warn(
          `comparing documents with the database failed (${outcome.error.message}); serving from cache, retrying`,
        );
      }
      failing = true;
      return;
    }
    if (failing) logger.info("the database answers again: documents compared and up to date");
    failing = false;
    if (outcome.reloaded > 0) {
      logger.info(`caught up on ${outcome.reloaded} environment(s) from the database`);
    }
  };
}

export async function createServer(options: CreateServerOptions): Promise<FlagSwitchServer> {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const app = createFastify(config, options.logger ?? false);
  const logger = app.log;
  let database: DatabaseHandle | undefined;
  try {
    database = openDatabase({
      databaseUrl: config.databaseUrl,
      postgresSchema: config.postgresSchema,
      dataDir: config.dataDir,
      onConnectionError: (error) =>
        logger.warn(`a pooled database connection failed: ${error.message}`),
    });
    await migrateToLatest(database);
  } catch (error) {
    await database?.close();
    throw error;
  }
  const db = database.db;
  const cache = new DocumentCache();
  // Undone in reverse if start-up fails half-way, so a failed start leaves nothing running.
  const started: Array<() => unknown> = [() => database?.close()];
  try {
    const redis =
      config.redisUrl && !options.feed
        ? await startRedisReplication({
            url: config.redisUrl,
            prefix: config.redisPrefix,
            replicaId: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
            cache,
            logger,
            connectWaitMs: 2000,
          })
        : undefined;
    if (redis) started.push(() => redis.close());
    const feed = options.feed ?? redis?.feed ?? createInProcessChangeFeed();
    if (!options.feed && !redis) started.push(() => feed.close());
    const keyRing = new KeyRing(db, clock);
    await keyRing.reload();
    const writer = new Writer(db, cache, feed, keyRing, clock, logger);
    const sseHub = new SseHub(cache, {
      heartbeatMs: config.heartbeatMs,
      maxBufferedBytes: config.sseMaxBufferedBytes,
      maxStreams: config.sseMaxStreams,
      maxStreamsPerKey: config.sseMaxStreamsPerKey,
    });
    started.push(() => sseHub.close());
    const adminStreamSlots = new StreamSlots({
      maxStreams: config.adminStreamMaxStreams,
      maxStreamsPerOwner: config.adminStreamMaxStreamsPerToken,
    });
    started.push(() => adminStreamSlots.endAll());
    const services: Services = {
      config,
      db,
      dialect: database.dialect,
      clock,
      cache,
      feed,
      keyRing,
      failedAuth: new FailedAuthLimiter(config.failedAuth, clock),
      writer,
      sseHub,
      adminStreamSlots,
      logger,
      changeFeedState: () =>
        redis
          ? redis.link.isReady
            ? "connected"
            : "disconnected"
          : options.feed
            ? "shared"
            : "local",
    };
    // Follow before loading, so no change committed meanwhile slips between the two.
    const follower = followChangeFeed(
      feed,
      { db, cache, keyRing, logger },
      { onResync: resyncReporter(logger) },
    );
    started.push(() => follower.stop());
    const mirrored = redis ? await redis.readMirror() : new Map<string, PublishedDocument>();
    const loaded = await loadAllDocuments(db, cache, logger, mirrored);
    logger.info(
      `documents ready: ${cache.size} environment(s), ${loaded.fromMirror} from the Redis mirror, ${loaded.fromDatabase} from the database`,
    );
    if (redis) void redis.fillMirror();
    const reconcileEvery = (options.reconcile ?? redis !== undefined) ? config.reconcileMs : 0;
    const reconciler =
      reconcileEvery > 0 ? setInterval(() => follower.resync(), reconcileEvery) : undefined;
    reconciler?.unref();
    started.push(() => clearInterval(reconciler));
    // Streams of a key that stops authenticating end with it: at once when keys change
    // (revocation, rotation), and within seconds when a rotated key's grace period runs out.
    const closeUnauthorisedStreams = () =>
      sseHub.closeWhere((stream) => !keyRing.isUsable(stream.keyId));
    const stopWatchingKeys = keyRing.subscribe(closeUnauthorisedStreams);
    const keyWatch = setInterval(closeUnauthorisedStreams, 5000);
    keyWatch.unref();
    started.push(() => {
      stopWatchingKeys();
      clearInterval(keyWatch);
    });
    const firstAdminToken = await ensureAdminToken(services);

    const purge = () =>
      deleteIdempotencyRecordsBefore(
        db,
        new Date(clock.now().getTime() - config.idempotencyTtlHours * HOUR_MS).toISOString(),
      ).catch((error: unknown) =>
        logger.error({ err: error }, "purging old idempotency records failed"),
      );
    await purge();
    const housekeeping = setInterval(purge, HOUR_MS);
    housekeeping.unref();
    started.push(() => clearInterval(housekeeping));

    registerApplication(app, services);
    return running(app, services, firstAdminToken, async () => {
      for (const undo of [...started].reverse()) await undo();
    });
  } catch (error) {
    for (const undo of [...started].reverse()) await undo();
    throw error;
  }
}

/** The started server: `close` stops taking requests first, then undoes the start-up. */
function running(
  app: FastifyInstance,
  services: Services,
  firstAdminToken: string | undefined,
  shutDown: () => Promise<void>,
): FlagSwitchServer {
  const { config } = services;
  let closed = false;
  return {
    app,
    services,
    firstAdminToken,
    async listen() {
      await app.listen({ port: config.port, host: config.host });
      const address = app.server.address();
      const port = typeof address === "object" && address ? address.port : config.port;
      const host = config.host.includes(":") ? `[${config.host}]` : config.host;
      return `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${port}`;
    },
    async close() {
      if (closed) return;
      closed = true;
      // Streams end before the listener closes, or closing would wait on them.
      services.sseHub.close();
      services.adminStreamSlots.endAll();
      await app.close();
      await shutDown();
    },
  };
}
