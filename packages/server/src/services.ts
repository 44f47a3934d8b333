/** Everything a route handler may use, built once per server by `createServer`. */
import type { FastifyBaseLogger } from "fastify";
import type { Kysely } from "kysely";
import type { FailedAuthLimiter } from "./auth/failed-auth-limiter.js";
import type { KeyRing } from "./auth/key-ring.js";
import type { Clock } from "./clock.js";
import type { ServerConfig } from "./config.js";
import type { DialectName } from "./db/connect.js";
import type { Database } from "./db/schema.js";
import type { ChangeFeed } from "./documents/change-feed.js";
import type { DocumentCache } from "./documents/document-cache.js";
import type { SseHub } from "./documents/sse-hub.js";
import type { Writer } from "./domain/writer.js";
import type { StreamSlots } from "./http/stream-slots.js";

export interface Services {
  config: ServerConfig;
  db: Kysely<Database>;
  dialect: DialectName;
  clock: Clock;
  cache: DocumentCache;
  feed: ChangeFeed;
  keyRing: KeyRing;
  failedAuth: FailedAuthLimiter;
  writer: Writer;
  sseHub: SseHub;
  /** Slots of admin change streams, per replica and per admin token. */
  adminStreamSlots: StreamSlots;
  logger: FastifyBaseLogger;
  /** How changes travel between replicas: this replica alone, a shared in-process feed, or Redis. */
  changeFeedState(): "local" | "shared" | "connected" | "disconnected";
}
