/**
 * PostgreSQL stopped and restarted under a server process (a private cluster this test starts
 * with initdb/pg_ctl, so it can stop it): writes fail with a clear 503 problem and leave nothing
 * half-written, SDK reads and streams go on from memory, and everything works again once the
 * database is back — without restarting the server.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkAuditConsistency } from "../support/audit-consistency.js";
import { createShop, PROD, type ShopFixture } from "../support/fixtures.js";
import { type HttpClient, httpClient } from "../support/http.js";
import {
  missingServices,
  type PrivatePostgres,
  startPrivatePostgres,
} from "../support/private-services.js";
import { freshPostgres, type ProcessDatabase } from "../support/process-databases.js";
import { type ServerProcess, startServerProcess } from "../support/processes.js";
import { openSse, type SseConnection } from "../support/sse-client.js";

const skip = missingServices({ privatePostgres: true });

describe.skipIf(skip)(`PostgreSQL stopped and restarted${skip ? ` (${skip})` : ""}`, () => {
  let postgres: PrivatePostgres;
  let database: ProcessDatabase;
  let server: ServerProcess;
  let api: HttpClient;
  let shop: ShopFixture;
  let stream: SseConnection | undefined;

  beforeAll(async () => {
    postgres = await startPrivatePostgres();
    database = await freshPostgres(postgres.url);
    server = await startServerProcess({
      dataDir: database.dataDir,
      databaseUrl: database.databaseUrl,
    });
    api = httpClient(server.url);
    shop = await createShop(api);
  });
  afterAll(async () => {
    stream?.close();
    await server?.stop();
    await postgres?.destroy();
  });

  it("answers writes 503 while it is down, keeps serving SDKs, and recovers by itself", async () => {
    stream = await openSse(`${server.url}/sdk/v1/stream`, { authorization: shop.serverKey });
    await stream.waitFor((event) => event.event === "put");
    const document = await api.request("GET", "/sdk/v1/flags", { token: shop.serverKey });

    // A burst of writes is under way when the database stops.
    let stopBurst = false;
    const statuses: number[] = [];
    const burst = (async () => {
      while (!stopBurst) {
        const response = await api.request("POST", `${PROD}/flags/checkout/toggle`, { body: {} });
        statuses.push(response.status);
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 150));
    await postgres.stop();
    await new Promise((resolve) => setTimeout(resolve, 200));
    stopBurst = true;
    await burst;
    expect(statuses.filter((status) => status === 200).length).toBeGreaterThan(0);
    expect(statuses.filter((status) => status !== 200 && status !== 503)).toEqual([]);
    expect(statuses.at(-1)).toBe(503);

    // Writes: a clear 503 problem, whatever the kind.
    const writes = [
      api.request("POST", `${PROD}/flags/checkout/toggle`, { body: { enabled: true } }),
      api.request("POST", "/api/v1/projects/shop/flags", { body: { key: "during-outage" } }),
      api.request("POST", "/api/v1/keys", {
        body: { kind: "server", name: "x", project: "shop", environment: "production" },
      }),
    ];
    for (const response of await Promise.all(writes)) {
      expect(response.status).toBe(503);
      expect(response.headers.get("content-type")).toContain("application/problem+json");
      expect(response.headers.get("retry-after")).toBeTruthy();
      expect(response.body).toMatchObject({
        type: "https://flagswitch.dev/problems/database-unavailable",
        status: 503,
      });
    }

    // SDKs: the last documents, from memory; new streams too; the server says it is degraded.
    const during = await api.request("GET", "/sdk/v1/flags", { token: shop.serverKey });
    expect(during.status).toBe(200);
    expect(during.body.flags.checkout).toBeDefined();
    const evaluated = await api.request("POST", "/sdk/v1/evaluate", {
      token: shop.clientKey,
      body: { context: { key: "user-1" } },
    });
    expect(evaluated.status).toBe(200);
    const late = await openSse(`${server.url}/sdk/v1/stream`, { authorization: shop.serverKey });
    await late.waitFor((event) => event.event === "put");
    late.close();
    const ready = await api.request("GET", "/readyz", { token: null });
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: "degraded", database: "unavailable" });
    expect(stream.closed).toBe(false);
    expect(document.status).toBe(200);

    await postgres.start();
    // The pool reconnects on its own: the next writes succeed, and streams hear of them.
    await expect
      .poll(
        async () =>
          (await api.request("POST", `${PROD}/flags/checkout/toggle`, { body: {} })).status,
        { timeout: 10_000, interval: 200 },
      )
      .toBe(200);
    const after = await api.ok("POST", `${PROD}/flags/checkout/rollout`, { percentage: 20 });
    await stream.waitFor((event) => Number(event.id) === after.version);
    expect((await api.request("GET", "/readyz", { token: null })).body.status).toBe("ready");

    // Nothing half-written: every kept version has its audit entry and every entry its version,
    // the refused flag does not exist, and the served document is the stored one.
    const consistency = await checkAuditConsistency(database);
    expect(consistency.versionsWithoutEntry).toEqual([]);
    expect(consistency.entriesWithoutVersion).toEqual([]);
    const refused = await database.query("select key from flags where key = 'during-outage'");
    expect(refused).toEqual([]);
    const [row] = await database.query<{ document_version: number }>(
      "select e.document_version from environments e join projects p on p.id = e.project_id where p.key = 'shop' and e.key = 'production'",
    );
    const served = await api.request("GET", "/sdk/v1/flags", { token: shop.serverKey });
    expect(served.body.version).toBe(Number(row?.document_version));
  });
});
