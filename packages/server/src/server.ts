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
import type { FastifyInstance } from "fastify";
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
import { SseHub } from "./documents/sse-hub.js";
import { ensureAdminToken } from "./domain/bootstrap.js";
import { Writer } from "./domain/writer.js";
import type { Services } from "./services.js";

export interface CreateServerOptions {
  config: ServerConfig;
  clock?: Clock;
  /** Shared by several servers in one process to act as replicas (tests); default: a fresh in-process feed. */
  feed?: ChangeFeed;
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
    });
    await migrateToLatest(database);
  } catch (error) {
    await database?.close();
    throw error;
  }
  if (config.redisUrl) {
    logger.warn(
      "REDIS_URL is set, but fan-out across replicas over Redis is not part of this version: serving as a single replica",
    );
  }
  const db = database.db;
  const feed = options.feed ?? createInProcessChangeFeed();
  const cache = new DocumentCache();
  const keyRing = new KeyRing(db, clock);
  await keyRing.reload();
  const writer = new Writer(db, cache, feed, keyRing, clock, logger);
  const sseHub = new SseHub(cache, {
    heartbeatMs: config.heartbeatMs,
    maxBufferedBytes: config.sseMaxBufferedBytes,
  });
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
    logger,
  };
  await loadAllDocuments(db, cache, logger);
  const unfollow = followChangeFeed(feed, { db, cache, keyRing, logger });
  // Streams of a key that stops authenticating end with it: at once when keys change
  // (revocation, rotation), and within seconds when a rotated key's grace period runs out.
  const closeUnauthorisedStreams = () =>
    sseHub.closeWhere((stream) => !keyRing.isUsable(stream.keyId));
  const stopWatchingKeys = keyRing.subscribe(closeUnauthorisedStreams);
  const keyWatch = setInterval(closeUnauthorisedStreams, 5000);
  keyWatch.unref();
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

  registerApplication(app, services);

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
      clearInterval(housekeeping);
      clearInterval(keyWatch);
      stopWatchingKeys();
      unfollow();
      sseHub.close();
      await app.close();
      if (!options.feed) await feed.close();
      await database.close();
    },
  };
}
