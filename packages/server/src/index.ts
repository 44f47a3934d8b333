/**
 * @flagswitch/server — the FlagSwitch reference server: admin API, SDK endpoints (polling,
 * streaming, evaluation, events), audit log with rollback, keys, and the `flagswitch` CLI.
 */
export type { Access } from "./auth/access.js";
export type { KeyKind } from "./auth/api-key-format.js";
export type { Role } from "./auth/roles.js";
export { type Clock, systemClock } from "./clock.js";
export { type ConfigOverrides, resolveConfig, type ServerConfig } from "./config.js";
export { type DatabaseHandle, type DialectName, openDatabase } from "./db/connect.js";
export { migrateToLatest } from "./db/migrate.js";
export { type ChangeFeed, createInProcessChangeFeed } from "./documents/change-feed.js";
export type { EntityChange, FeedMessage } from "./documents/changes.js";
export { type DemoCredentials, seedDemo } from "./seed/demo.js";
export { type CreateServerOptions, createServer, type FlagSwitchServer } from "./server.js";
export { SERVER_VERSION } from "./version.js";
