/**
 * Hostile input against every endpoint of the API (the route list the server registers, so new
 * routes are covered as they come): fast-check generates requests with arbitrary JSON, fields of
 * the API given wrong types, huge bodies, deep nesting, long strings, invalid UTF-8, injection
 * strings, malformed URLs and headers, and forged or truncated keys. Whatever comes in:
 *  - the answer is never a 5xx, and every error is application/problem+json;
 *  - the server keeps answering (no crash, no hang);
 *  - nothing a rejected request carried reaches the database: its tables are compared before
 *    and after every request that was not accepted.
 */
import { createHash } from "node:crypto";
import { join } from "node:path";
import SqliteDatabase from "better-sqlite3";
import fc from "fast-check";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiRoutes } from "../src/routes/index.js";
import { databases, type TestDatabase } from "./support/databases.js";
import { createShop, createToken, PROD, type ShopFixture } from "./support/fixtures.js";
import { startTestServer, type TestServer } from "./support/test-server.js";

/** Requests per database: SQLite compares full table dumps (cheap); PostgreSQL a digest query. */
const RUNS: Record<TestDatabase["name"], number> = { sqlite: 10_000, postgres: 3_000 };

const INJECTIONS = [
  "'; DROP TABLE flags; --",
  "' OR '1'='1",
  '" OR ""="',
  "1; SELECT pg_sleep(10)",
  "$where",
  '{"$gt":""}',
  "<script>alert(1)</script>",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, sent as is.
  "${7*7}",
  "{{7*7}}",
  "../../../../etc/passwd",
  "..%2f..%2fetc%2fpasswd",
  "%00",
  "\u0000",
  "%s%s%s%n",
  "__proto__",
  "constructor",
  "prototype",
  "\u202e\u0000\uffff",
  "\ud800",
  "NaN",
  "-1",
  "1e309",
  "9007199254740993",
  "0x7fffffff",
  "fs_admin_",
  "*",
  "",
];

const MALFORMED_BODIES: Array<string | Buffer> = [
  '{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"polluted":true}}}',
  Buffer.concat([
    Buffer.from('{"key":"'),
    Buffer.from([0xff, 0xfe, 0xc3, 0x28]),
    Buffer.from('"}'),
  ]),
  Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]),
  Buffer.from([0xc0, 0xaf, 0xe0, 0x80, 0xaf]),
  "{",
  '{"a":1,}',
  "[1,2",
  "null",
  "true",
  "12",
  '"text"',
  "key=value&name=x",
  "\u0000\u0001\u0002",
];

/** Every property name and enum value in the request schemas, from the served OpenAPI document. */
function vocabulary(openApi: unknown): { names: string[]; values: unknown[] } {
  const names = new Set<string>();
  const values: unknown[] = [];
  const visit = (node: unknown, depth: number) => {
    if (depth > 30 || node === null || typeof node !== "object") return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item, depth + 1);
      return;
    }
    const record = node as Record<string, unknown>;
    if (record.properties && typeof record.properties === "object") {
      for (const name of Object.keys(record.properties)) names.add(name);
    }
    if (Array.isArray(record.enum)) values.push(...record.enum);
    if ("const" in record) values.push(record.const);
    for (const child of Object.values(record)) visit(child, depth + 1);
  };
  visit(openApi, 0);
  return { names: [...names], values };
}

interface HostileRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | Buffer | undefined;
}

/** Percent-encoding that survives lone surrogates (they become U+FFFD, as on the wire). */
function encode(value: string): string {
  return encodeURIComponent(Buffer.from(value, "utf8").toString("utf8"));
}

/** Header values fetch can send (no control characters, bytes ≤ 0xFF). */
function headerSafe(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point.
  return value.replace(/[\u0000-\u001f\u007f]|[^\u0000-\u00ff]/g, "");
}

function requestArbitrary(
  vocabularyOf: { names: string[]; values: unknown[] },
  credentials: { valid: string[]; all: string[] },
  pools: Record<string, string[]>,
): fc.Arbitrary<HostileRequest> {
  const hostileString = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...INJECTIONS) },
    { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ minLength: 300, maxLength: 5000 }) },
  );
  const json = fc.jsonValue({ maxDepth: 4 });
  const fieldValue = fc.oneof(
    { weight: 3, arbitrary: json },
    { weight: 2, arbitrary: hostileString },
    { weight: 2, arbitrary: fc.constantFrom(...(vocabularyOf.values as never[]), null, true, 0) },
    {
      weight: 1,
      arbitrary: fc.oneof(fc.integer(), fc.double(), fc.constant(-1), fc.constant(2 ** 53)),
    },
    { weight: 1, arbitrary: fc.array(json, { maxLength: 300 }) },
  );
  const apiObject = fc.dictionary(fc.constantFrom(...vocabularyOf.names), fieldValue, {
    maxKeys: 8,
  });
  const deep = fc
    .tuple(fc.constantFrom(200, 5_000, 100_000), fc.constantFrom("array", "object", "variation"))
    .map(([depth, shape]) => {
      const nested =
        shape === "object"
          ? `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`
          : `${"[".repeat(depth)}${"]".repeat(depth)}`;
      // Inside a field the API does accept any JSON in: a variation's value.
      return shape === "variation"
        ? `{"key":"deep","variations":[{"key":"a","value":${nested}},{"key":"b","value":1}]}`
        : nested;
    });
  const huge = fc
    .constantFrom(70_000, 1_100_000, 3_000_000)
    .map(
      (size) => `{"key":"huge","name":"${"x".repeat(size)}","description":"${"y".repeat(100)}"}`,
    );
  const body = fc.oneof(
    { weight: 2, arbitrary: fc.constant(undefined) },
    { weight: 4, arbitrary: apiObject.map((value) => JSON.stringify(value)) },
    { weight: 2, arbitrary: json.map((value) => JSON.stringify(value)) },
    { weight: 1, arbitrary: fc.constantFrom(...MALFORMED_BODIES) },
    { weight: 1, arbitrary: deep },
    { weight: 1, arbitrary: hostileString },
    { weight: 1, arbitrary: huge },
  );
  const contentType = fc.oneof(
    { weight: 8, arbitrary: fc.constant("application/json") },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        "text/plain",
        "application/x-www-form-urlencoded",
        "application/msgpack",
        "application/json; charset=latin1",
        "multipart/form-data; boundary=x",
        "",
      ),
    },
  );
  const forged = fc.oneof(
    fc
      .tuple(fc.constantFrom(...credentials.valid), fc.nat())
      .map(([key, cut]) => key.slice(0, cut % key.length)),
    fc
      .tuple(
        fc.constantFrom(...credentials.valid),
        fc.nat(),
        fc.string({ minLength: 1, maxLength: 1 }),
      )
      .map(([key, at, char]) => {
        const index = at % key.length;
        return `${key.slice(0, index)}${char}${key.slice(index + 1)}`;
      }),
    fc
      .constantFrom(...credentials.valid)
      .map((key) =>
        key.replace(
          /^fs_(admin|server|client)_/,
          (_, kind) => `fs_${kind === "admin" ? "server" : "admin"}_`,
        ),
      ),
    fc.constantFrom(...credentials.valid).map((key) => `${key}${"A".repeat(20)}`),
    hostileString,
    fc.string({ minLength: 5000, maxLength: 20_000 }),
  );
  const authorization = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...credentials.all).map((key) => `Bearer ${key}`) },
    { weight: 2, arbitrary: fc.constantFrom(...credentials.all) },
    { weight: 3, arbitrary: forged.map((key) => `Bearer ${key}`) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
  const query = fc.array(
    fc.tuple(
      fc.oneof(
        fc.constantFrom(
          "limit",
          "cursor",
          "q",
          "key",
          "environment",
          "enabled",
          "from",
          "to",
          "archived",
          "tag",
          "flag",
          "actor",
        ),
        hostileString,
      ),
      fc.oneof(
        hostileString,
        fc.integer().map(String),
        fc.constantFrom("true", "false", "0", "-1", "201", "1e3"),
      ),
    ),
    { maxLength: 4 },
  );
  const extraHeaders = fc.record(
    {
      "if-match": fc.oneof(
        fc.constantFrom('"1"', '"3"', "*", 'W/"2"', '"-1"', '"abc"'),
        hostileString,
      ),
      "idempotency-key": fc.oneof(fc.constantFrom("same-key-each-time", "k"), hostileString),
      "last-event-id": fc.oneof(fc.integer().map(String), hostileString),
      accept: fc.constantFrom(
        "application/msgpack",
        "text/event-stream",
        "*/*",
        "application/json;q=0",
      ),
      "accept-encoding": fc.constantFrom("gzip", "br", "identity;q=0", "*"),
      "x-request-id": hostileString,
    },
    { requiredKeys: [] },
  );
  return fc
    .constantFrom(...apiRoutes)
    .chain((route) => {
      const params = [...route.url.matchAll(/:([A-Za-z]+)/g)].map((match) => match[1] as string);
      // Real resources reach the handlers; a destructive method only ever gets made-up ones,
      // so the fixtures survive the run.
      const paramValue = (name: string) =>
        route.method === "DELETE" || (name === "id" && route.method !== "GET")
          ? fc.record({ value: hostileString, raw: fc.boolean() })
          : fc.oneof(
              {
                weight: 3,
                arbitrary: fc.record({
                  value: fc.constantFrom(...(pools[name] ?? ["x"])),
                  raw: fc.constant(false),
                }),
              },
              { weight: 1, arbitrary: fc.record({ value: hostileString, raw: fc.boolean() }) },
            );
      return fc.record({
        method: fc.oneof(
          { weight: 9, arbitrary: fc.constant(route.method as string) },
          {
            weight: 1,
            arbitrary: fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"),
          },
        ),
        url: fc.constant(route.url),
        params: fc.tuple(
          ...params.map((name) => paramValue(name).map((value) => ({ name, ...value }))),
        ),
        body,
        contentType,
        authorization,
        query,
        extra: extraHeaders,
      });
    })
    .map((generated) => {
      let path = generated.url;
      for (const param of generated.params as Array<{
        name: string;
        value: string;
        raw: boolean;
      }>) {
        path = path.replace(`:${param.name}`, param.raw ? param.value : encode(param.value));
      }
      if (generated.query.length > 0) {
        path += `?${generated.query.map(([k, v]) => `${encode(k)}=${encode(v)}`).join("&")}`;
      }
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(generated.extra)) {
        if (typeof value === "string") headers[name] = headerSafe(value);
      }
      if (generated.authorization !== undefined)
        headers.authorization = headerSafe(generated.authorization);
      const sendsBody = generated.method !== "GET" && generated.body !== undefined;
      if (sendsBody && generated.contentType !== "")
        headers["content-type"] = generated.contentType;
      return {
        method: generated.method,
        path,
        headers,
        body: sendsBody ? generated.body : undefined,
      };
    });
}

/** A digest of every table, to tell whether a request changed anything. */
interface Snapshotter {
  take(): Promise<string>;
  close(): Promise<void>;
}

async function snapshotter(t: TestServer): Promise<Snapshotter> {
  const overrides = t.database.overrides;
  if (!overrides.databaseUrl) {
    const database = new SqliteDatabase(join(t.database.dataDir, "flagswitch.sqlite"), {
      readonly: true,
    });
    const tables = (
      database
        .prepare("select name from sqlite_master where type = 'table' order by name")
        .all() as Array<{ name: string }>
    ).map((row) => row.name);
    const statements = tables.map((name) => database.prepare(`select * from "${name}"`));
    return {
      async take() {
        const hash = createHash("sha256");
        for (const [index, statement] of statements.entries()) {
          // Sorted here: not every table has a rowid to order by.
          const rows = statement
            .all()
            .map((row) => JSON.stringify(row))
            .sort();
          hash.update(`${tables[index]}:${rows.join("\n")}\n`);
        }
        return hash.digest("hex");
      },
      async close() {
        database.close();
      },
    };
  }
  const client = new pg.Client({
    connectionString: overrides.databaseUrl,
    options: `-c search_path=${overrides.postgresSchema}`,
  });
  await client.connect();
  const { rows } = await client.query<{ table_name: string }>(
    "select table_name from information_schema.tables where table_schema = $1 order by table_name",
    [overrides.postgresSchema],
  );
  const digest = rows
    .map(
      (row) =>
        `(select md5(coalesce(string_agg(t::text, ',' order by t::text), '')) from "${row.table_name}" t)`,
    )
    .join(" || ");
  return {
    async take() {
      const result = await client.query<{ digest: string }>(`select ${digest} as digest`);
      return result.rows[0]?.digest ?? "";
    },
    async close() {
      await client.end();
    },
  };
}

/** The worst bodies, sent to every route that takes one, whatever the random draw. */
function mandatoryExamples(token: string): HostileRequest[] {
  const deepVariation = `{"key":"deep","variations":[{"key":"a","value":${"[".repeat(100_000)}${"]".repeat(100_000)}},{"key":"b","value":1}]}`;
  const bodies: Array<string | Buffer> = [
    deepVariation,
    `${'{"a":'.repeat(50_000)}1${"}".repeat(50_000)}`,
    `{"key":"huge","name":"${"x".repeat(3_000_000)}"}`,
    ...MALFORMED_BODIES.slice(0, 4),
  ];
  const examples: HostileRequest[] = [];
  for (const route of apiRoutes) {
    if (route.method === "GET" || route.method === "DELETE") continue;
    const path = route.url
      .replace(":project", "shop")
      .replace(":environment", "production")
      .replace(":flag", "checkout")
      .replace(":segment", "staff")
      .replace(/:[A-Za-z]+/g, "x");
    for (const body of bodies) {
      examples.push({
        method: route.method,
        path,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body,
      });
    }
  }
  return examples;
}

describe.each(databases)("hostile input on $name", (database) => {
  let t: TestServer;
  let shop: ShopFixture;
  let snapshots: Snapshotter;
  let credentials: { valid: string[]; all: string[] };

  beforeAll(async () => {
    t = await startTestServer(database, {
      // Forged keys by the thousand: the failed-auth limit would answer 429 to everything.
      overrides: { failedAuth: { maxFailures: 10_000_000, windowMs: 60_000 } },
    });
    shop = await createShop(t);
    await t.ok("POST", `${PROD}/segments`, { key: "staff", included: ["ada"] });
    await t.ok("POST", "/api/v1/projects/shop/flags", { key: "beta", clientSide: true });
    const reader = await createToken(t, "reader");
    const writer = await createToken(t, "writer", "shop");
    const valid = [t.adminToken, reader, writer, shop.serverKey, shop.clientKey];
    credentials = { valid, all: [...valid, t.adminToken, t.adminToken] };
    snapshots = await snapshotter(t);
  });
  afterAll(async () => {
    await snapshots?.close();
    await t?.close();
  });

  it(`answers ${RUNS[database.name].toLocaleString("en")} generated requests without a 5xx, and rejected ones change nothing`, async () => {
    const openApi = (await t.request("GET", "/api/openapi.json", { token: null })).body;
    const pools: Record<string, string[]> = {
      project: ["shop"],
      environment: ["production", "staging", "development"],
      flag: ["checkout", "beta"],
      segment: ["staff"],
      experiment: ["ab-test"],
      id: [shop.serverKeyId, shop.clientKeyId],
      version: ["1", "2", "3", "4"],
    };
    const counts = { requests: 0, accepted: 0, byStatus: new Map<number, number>() };
    let baseline = await snapshots.take();

    await fc.assert(
      fc.asyncProperty(
        requestArbitrary(vocabulary(openApi), credentials, pools),
        async (request) => {
          counts.requests += 1;
          const controller = new AbortController();
          let status: number;
          let contentType: string;
          try {
            const response = await fetch(`${t.url}${request.path}`, {
              method: request.method,
              headers: request.headers,
              ...(request.body !== undefined ? { body: request.body } : {}),
              signal: controller.signal,
            });
            status = response.status;
            contentType = response.headers.get("content-type") ?? "";
            if (contentType.includes("text/event-stream")) controller.abort();
            else await response.arrayBuffer();
          } catch (error) {
            // The server may close a connection whose body it refused before reading it all
            // (413); anything else is a failure. Either way it must still be up.
            const health = await fetch(`${t.url}/healthz`);
            expect(health.status).toBe(200);
            const size = request.body?.length ?? 0;
            if (size < 1_000_000) throw error;
            return;
          }
          counts.byStatus.set(status, (counts.byStatus.get(status) ?? 0) + 1);
          expect(status, `${request.method} ${request.path.slice(0, 200)}`).toBeLessThan(500);
          if (status >= 400) {
            expect(
              contentType,
              `${request.method} ${request.path.slice(0, 200)} → ${status}`,
            ).toContain("application/problem+json");
          }
          const after = await snapshots.take();
          if (status >= 200 && status < 300) {
            counts.accepted += 1;
            baseline = after;
          } else {
            expect(
              after,
              `${request.method} ${request.path.slice(0, 200)} → ${status} changed the database`,
            ).toBe(baseline);
          }
        },
      ),
      {
        numRuns: RUNS[database.name],
        endOnFailure: true,
        examples: mandatoryExamples(t.adminToken).map((request) => [request]),
      },
    );
    console.info(
      `hostile input on ${database.name}: ${counts.requests} requests, ${counts.accepted} accepted; statuses ${JSON.stringify(Object.fromEntries([...counts.byStatus].sort(([a], [b]) => a - b)))}`,
    );

    expect(counts.requests).toBeGreaterThanOrEqual(RUNS[database.name]);
    // The run reached the handlers, not only the doorman.
    const statuses = [...counts.byStatus.keys()];
    for (const expected of [400, 401, 404, 413]) expect(statuses).toContain(expected);
    expect(counts.accepted).toBeGreaterThan(0);
    const health = await t.request("GET", "/healthz", { token: null });
    expect(health.status).toBe(200);
    const document = await t.request("GET", "/sdk/v1/flags", { token: shop.serverKey });
    expect(document.status).toBe(200);
  }, 180_000);
});
