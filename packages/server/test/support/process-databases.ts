/**
 * Databases for server processes, which cannot be handed a PostgreSQL schema: a fresh SQLite
 * directory, or a fresh PostgreSQL database on TEST_DATABASE_URL's server (dropped after).
 * Each can also be read directly, to check what the processes left behind.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SqliteDatabase from "better-sqlite3";
import pg from "pg";

export interface ProcessDatabase {
  name: "sqlite" | "postgres";
  dataDir: string;
  /** DATABASE_URL for the processes (undefined: SQLite in dataDir). */
  databaseUrl: string | undefined;
  /** Runs a read query directly against the database. */
  query<T = Record<string, unknown>>(sql: string): Promise<T[]>;
  drop(): Promise<void>;
}

export async function freshSqlite(): Promise<ProcessDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), "flagswitch-fault-"));
  return {
    name: "sqlite",
    dataDir,
    databaseUrl: undefined,
    async query<T>(sql: string) {
      const database = new SqliteDatabase(join(dataDir, "flagswitch.sqlite"), { readonly: true });
      try {
        return database.prepare(sql).all() as T[];
      } finally {
        database.close();
      }
    },
    async drop() {
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A new database on the server of `serverUrl` (which must allow CREATE DATABASE). */
export async function freshPostgres(serverUrl: string): Promise<ProcessDatabase> {
  const name = `fs_fault_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const dataDir = mkdtempSync(join(tmpdir(), "flagswitch-fault-"));
  return {
    name: "postgres",
    dataDir,
    databaseUrl,
    async query<T>(sql: string) {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        return (await client.query(sql)).rows as T[];
      } finally {
        await client.end();
      }
    },
    async drop() {
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      try {
        await cleanup.query(`drop database if exists ${name} with (force)`);
      } finally {
        await cleanup.end();
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
