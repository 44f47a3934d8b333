/**
 * Concurrent conflicting writes: many clients change the same flag at once, each with the
 * If-Match of the version it read. Exactly one wins; the others get 412 and change nothing — on
 * one embedded-SQLite process, and across two replica processes over PostgreSQL and Redis, where
 * the requests race through different servers.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkAuditConsistency } from "../support/audit-consistency.js";
import { createShop, PROD } from "../support/fixtures.js";
import { type HttpClient, httpClient } from "../support/http.js";
import { missingServices } from "../support/private-services.js";
import { freshPostgres, freshSqlite, type ProcessDatabase } from "../support/process-databases.js";
import { type ServerProcess, startServerProcess } from "../support/processes.js";

const CONTENDERS = 24;

async function race(clients: HttpClient[], database: ProcessDatabase): Promise<void> {
  const [first] = clients;
  if (!first) throw new Error("no client");
  const current = await first.request("GET", `${PROD}/flags/checkout`);
  const etag = current.headers.get("etag") as string;
  const auditBefore = await database.query("select id from audit_entries");
  const responses = await Promise.all(
    Array.from({ length: CONTENDERS }, (_, index) =>
      (clients[index % clients.length] as HttpClient).request("PATCH", `${PROD}/flags/checkout`, {
        headers: { "if-match": etag },
        body: {
          fallthrough: { rollout: { weights: [index * 1000, 100_000 - index * 1000] } },
          comment: `contender ${index}`,
        },
      }),
    ),
  );
  const statuses = responses.map((response) => response.status);
  expect(statuses.filter((status) => status === 200)).toHaveLength(1);
  expect(statuses.filter((status) => status === 412)).toHaveLength(CONTENDERS - 1);
  const winner = responses.findIndex((response) => response.status === 200);
  const won = responses[winner]?.body;

  // One change, one audit entry, and every server serves the winner's configuration.
  const auditAfter = await database.query<{ comment: string | null }>(
    "select comment from audit_entries order by id",
  );
  expect(auditAfter.length - auditBefore.length).toBe(1);
  expect(auditAfter.at(-1)?.comment).toBe(`contender ${winner}`);
  const consistency = await checkAuditConsistency(database);
  expect(consistency.versionsWithoutEntry).toEqual([]);
  expect(consistency.entriesWithoutVersion).toEqual([]);
  for (const client of clients) {
    await expect
      .poll(async () => (await client.request("GET", `${PROD}/flags/checkout`)).body.fallthrough)
      .toEqual({ rollout: { weights: [winner * 1000, 100_000 - winner * 1000] } });
  }
  expect(won.version).toBeGreaterThan(Number(etag.replaceAll('"', "")));
}

describe("conflicting writes on one SQLite process", () => {
  let database: ProcessDatabase;
  let server: ServerProcess;
  beforeAll(async () => {
    database = await freshSqlite();
    server = await startServerProcess({ dataDir: database.dataDir });
    await createShop(httpClient(server.url));
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it("lets exactly one of many If-Match writes win", async () => {
    await race([httpClient(server.url)], database);
  });
});

const skip = missingServices({ postgres: true, redis: true });

describe.skipIf(skip)(`conflicting writes across two replicas${skip ? ` (${skip})` : ""}`, () => {
  let database: ProcessDatabase;
  const servers: ServerProcess[] = [];
  beforeAll(async () => {
    database = await freshPostgres(process.env.TEST_DATABASE_URL as string);
    const options = {
      dataDir: database.dataDir,
      databaseUrl: database.databaseUrl,
      redisUrl: process.env.TEST_REDIS_URL,
      env: { FLAGSWITCH_REDIS_PREFIX: `fs-test-${randomBytes(4).toString("hex")}` },
    };
    servers.push(await startServerProcess(options));
    await createShop(httpClient((servers[0] as ServerProcess).url));
    servers.push(await startServerProcess(options));
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await database?.drop();
  });

  it("lets exactly one of many If-Match writes win, whichever replica they reach", async () => {
    await race(
      servers.map((server) => httpClient(server.url)),
      database,
    );
  });
});
