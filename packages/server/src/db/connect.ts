/**
 * Opens the system of record: PostgreSQL when a URL is given, else the embedded SQLite file
 * (WAL mode) under the data directory. Both come back as the same Kysely handle.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import SqliteDatabase from "better-sqlite3";
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  PostgresDialect,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
} from "kysely";
import pg from "pg";
import type { Database } from "./schema.js";

export type DialectName = "sqlite" | "postgres";

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: DialectName;
  /** Where the data lives, for logs: the SQLite file or the PostgreSQL URL without password. */
  location: string;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL connection URL; when absent the embedded SQLite database is used. */
  databaseUrl?: string | undefined;
  /** PostgreSQL schema to use (search_path); tests give each run its own. */
  postgresSchema?: string | undefined;
  /** Directory of the SQLite file. */
  dataDir: string;
  /** SQLite file name inside dataDir. */
  sqliteFile?: string;
  postgresPoolSize?: number;
  /**
   * A pooled PostgreSQL connection failed outside a statement (the server restarted, the
   * network dropped): the pool replaces it; this only reports it.
   */
  onConnectionError?: (error: Error) => void;
}

const INT8_OID = 20;
const NUMERIC_OID = 1700;

export function openDatabase(options: DatabaseOptions): DatabaseHandle {
  return options.databaseUrl ? openPostgres(options.databaseUrl, options) : openSqlite(options);
}

function openSqlite(options: DatabaseOptions): DatabaseHandle {
  mkdirSync(options.dataDir, { recursive: true });
  const file = join(options.dataDir, options.sqliteFile ?? "flagswitch.sqlite");
  const database = new SqliteDatabase(file);
  database.pragma("journal_mode = WAL");
  // NORMAL is durable across application crashes in WAL mode; only an OS crash can lose the
  // last transactions, which is the usual trade for an embedded store.
  database.pragma("synchronous = NORMAL");
  database.pragma("foreign_keys = ON");
  database.pragma("busy_timeout = 5000");
  const db = new Kysely<Database>({ dialect: new WriteFirstSqliteDialect({ database }) });
  return { db, dialect: "sqlite", location: file, close: () => db.destroy() };
}

/**
 * Transactions take the write lock when they begin (`BEGIN IMMEDIATE`). With the default
 * deferred BEGIN, a transaction that reads, then writes, fails at once with SQLITE_BUSY when
 * another process (a `--workers` sibling) wrote in between; waiting for the lock up front lets
 * busy_timeout queue concurrent writers instead. In one process nothing changes: the dialect
 * already runs one query at a time.
 */
class WriteFirstSqliteDialect extends SqliteDialect {
  constructor(private readonly dialectConfig: SqliteDialectConfig) {
    super(dialectConfig);
  }

  override createDriver(): Driver {
    return new WriteFirstSqliteDriver(this.dialectConfig);
  }
}

class WriteFirstSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"));
  }
}

function openPostgres(url: string, options: DatabaseOptions): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.postgresPoolSize ?? 10,
    // An unreachable server fails the request (503) instead of leaving it waiting.
    connectionTimeoutMillis: 5000,
    ...(options.postgresSchema ? { options: `-c search_path=${options.postgresSchema}` } : {}),
    // Counts and identity columns are int8: read them as numbers (ids stay far below 2^53).
    // Per pool, not pg's global type registry, so nothing else in the process is affected.
    types: {
      getTypeParser: ((oid: number, format?: "text" | "binary") =>
        oid === INT8_OID || oid === NUMERIC_OID
          ? (value: string) => Number(value)
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // node-postgres emits a connection's failure as an "error" event: the pool listens only while
  // a client is idle, and Kysely not while it holds one (between the statements of a
  // transaction, say). Unheard, the event would crash the process; the statement in flight
  // fails on its own and the pool drops the dead client.
  pool.on("error", (error) => options.onConnectionError?.(error));
  pool.on("connect", (client) => {
    client.on("error", (error) => options.onConnectionError?.(error));
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: "postgres", location: redact(url), close: () => db.destroy() };
}

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "postgres";
  }
}
