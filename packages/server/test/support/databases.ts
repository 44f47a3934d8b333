/**
 * The databases every server test file runs against: the embedded SQLite always, PostgreSQL when
 * TEST_DATABASE_URL is set (CI sets it and CI=true makes its absence a failure). Each run gets a
 * fresh database: a new SQLite directory, or a new PostgreSQL schema dropped afterwards.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import type { ConfigOverrides } from "../../src/config.js";

export interface FreshDatabase {
  overrides: ConfigOverrides;
  dataDir: string;
  drop(): Promise<void>;
}

export interface TestDatabase {
  name: "sqlite" | "postgres";
  create(): Promise<FreshDatabase>;
}

const postgresUrl = process.env.TEST_DATABASE_URL;
if (process.env.CI === "true" && !postgresUrl) {
  throw new Error(
    "CI=true but TEST_DATABASE_URL is not set: the server suite must also run against PostgreSQL",
  );
}

const sqlite: TestDatabase = {
  name: "sqlite",
  async create() {
    const dataDir = mkdtempSync(join(tmpdir(), "flagswitch-test-"));
    return {
      dataDir,
      overrides: { dataDir, databaseUrl: undefined },
      async drop() {
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  },
};

function postgres(url: string): TestDatabase {
  return {
    name: "postgres",
    async create() {
      const schema = `fs_test_${randomBytes(6).toString("hex")}`;
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`create schema ${schema}`);
      } finally {
        await client.end();
      }
      const dataDir = mkdtempSync(join(tmpdir(), "flagswitch-test-"));
      return {
        dataDir,
        overrides: { dataDir, databaseUrl: url, postgresSchema: schema },
        async drop() {
          const cleanup = new pg.Client({ connectionString: url });
          await cleanup.connect();
          try {
            await cleanup.query(`drop schema if exists ${schema} cascade`);
          } finally {
            await cleanup.end();
          }
          rmSync(dataDir, { recursive: true, force: true });
        },
      };
    },
  };
}

export const databases: TestDatabase[] = postgresUrl ? [sqlite, postgres(postgresUrl)] : [sqlite];
