/**
 * A server process SIGKILLed in the middle of a burst of writes, then started again on the same
 * database (embedded SQLite, and PostgreSQL when TEST_DATABASE_URL is set): every flag version
 * has its audit entry and every entry its version, no flag is half-created, and the restarted
 * server serves exactly what the database holds.
 */
import { afterAll, describe, expect, it } from "vitest";
import { checkAuditConsistency } from "../support/audit-consistency.js";
import { createShop } from "../support/fixtures.js";
import { httpClient } from "../support/http.js";
import { freshPostgres, freshSqlite, type ProcessDatabase } from "../support/process-databases.js";
import { startServerProcess } from "../support/processes.js";

const kinds: Array<{ name: string; create: () => Promise<ProcessDatabase> }> = [
  { name: "sqlite", create: freshSqlite },
];
if (process.env.TEST_DATABASE_URL) {
  const url = process.env.TEST_DATABASE_URL;
  kinds.push({ name: "postgres", create: () => freshPostgres(url) });
}

const ENVIRONMENTS = ["development", "staging", "production"];

describe.each(kinds)("SIGKILL during a write burst on $name", ({ create }) => {
  const databases: ProcessDatabase[] = [];
  afterAll(async () => {
    for (const database of databases) await database.drop();
  });

  it("leaves every version with its audit entry and restarts serving the stored state", async () => {
    const database = await create();
    databases.push(database);
    const victim = await startServerProcess({
      dataDir: database.dataDir,
      databaseUrl: database.databaseUrl,
    });
    const api = httpClient(victim.url);
    await createShop(api);
    for (const key of ["alpha", "beta", "gamma"]) {
      await api.ok("POST", "/api/v1/projects/shop/flags", { key });
    }

    // Eight writers: toggles, rollouts and target changes in every environment, and new flags
    // (one write, a version in three environments).
    let answered = 0;
    let stop = false;
    const writer = async (worker: number) => {
      for (let round = 0; !stop; round += 1) {
        const environment = ENVIRONMENTS[(worker + round) % 3];
        const flag = ["checkout", "alpha", "beta", "gamma"][round % 4];
        const base = `/api/v1/projects/shop/environments/${environment}/flags/${flag}`;
        try {
          const response =
            round % 5 === 4
              ? await api.request("POST", "/api/v1/projects/shop/flags", {
                  body: { key: `burst-${worker}-${round}` },
                })
              : round % 3 === 0
                ? await api.request("POST", `${base}/rollout`, {
                    body: { percentage: round % 100 },
                  })
                : round % 3 === 1
                  ? await api.request("POST", `${base}/toggle`, { body: {} })
                  : await api.request("POST", `${base}/targets/add`, {
                      body: { variation: "on", values: [`user-${worker}-${round}`] },
                    });
          if (response.status < 300) answered += 1;
        } catch {
          return; // the server died under us
        }
      }
    };
    const writers = Array.from({ length: 8 }, (_, worker) => writer(worker));
    await new Promise((resolve) => setTimeout(resolve, 400));
    await victim.kill();
    stop = true;
    await Promise.all(writers);
    expect(answered).toBeGreaterThan(10);

    const restarted = await startServerProcess({
      dataDir: database.dataDir,
      databaseUrl: database.databaseUrl,
    });
    try {
      const consistency = await checkAuditConsistency(database);
      expect(consistency.versions).toBeGreaterThanOrEqual(answered);
      expect(consistency.versionsWithoutEntry).toEqual([]);
      expect(consistency.entriesWithoutVersion).toEqual([]);

      // No flag exists in some environments only.
      const partial = await database.query(
        `select f.key from flags f left join flag_configs c on c.flag_id = f.id
          group by f.key having count(c.id) <> 3`,
      );
      expect(partial).toEqual([]);

      // Each environment's document: its stored version, and every flag at its latest version.
      const latest = await database.query<{ environment: string; flag: string; version: number }>(
        `select e.key as environment, f.key as flag, max(v.version) as version
           from flag_versions v join flags f on f.id = v.flag_id
           join environments e on e.id = v.environment_id group by e.key, f.key`,
      );
      const stored = await database.query<{ key: string; document_version: number }>(
        "select key, document_version from environments",
      );
      const again = httpClient(restarted.url);
      for (const environment of ENVIRONMENTS) {
        const key = await again.ok("POST", "/api/v1/keys", {
          kind: "server",
          name: `check-${environment}`,
          project: "shop",
          environment,
        });
        const served = await again.request("GET", "/sdk/v1/flags", { token: key.secret });
        const row = stored.find((candidate) => candidate.key === environment);
        expect(served.body.version).toBe(Number(row?.document_version));
        for (const version of latest.filter((entry) => entry.environment === environment)) {
          expect(served.body.flags[version.flag]?.version).toBe(Number(version.version));
        }
      }
      // And it takes writes again.
      const toggled = await again.ok(
        "POST",
        "/api/v1/projects/shop/environments/production/flags/checkout/toggle",
        {},
      );
      expect(toggled.version).toBeGreaterThan(
        Number(stored.find((row) => row.key === "production")?.document_version),
      );
    } finally {
      await restarted.stop();
    }
  });
});
