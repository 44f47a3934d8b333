/** GET /sdk/v1/flags: the document from memory, with ETag/304, MessagePack and gzip. */
import { gunzipSync } from "node:zlib";
import { validateDocument } from "@flagswitch/core";
import { decode } from "@msgpack/msgpack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databases } from "./support/databases.js";
import { createShop, PROD, type ShopFixture } from "./support/fixtures.js";
import { startTestServer, type TestServer } from "./support/test-server.js";

describe.each(databases)("SDK flag document on $name", (database) => {
  let t: TestServer;
  let shop: ShopFixture;
  beforeAll(async () => {
    t = await startTestServer(database);
    shop = await createShop(t);
    await t.ok("PATCH", `${PROD}/flags/checkout`, {
      enabled: true,
      rules: [
        {
          id: "beta",
          clauses: [{ attribute: "beta", op: "in", values: [true] }],
          serve: { variation: 0 },
        },
      ],
    });
  });
  afterAll(async () => t?.close());

  async function raw(headers: Record<string, string>) {
    return fetch(`${t.url}/sdk/v1/flags`, {
      headers: { authorization: shop.serverKey, ...headers },
    });
  }

  it("serves a valid document with a version-based ETag", async () => {
    const response = await t.request("GET", "/sdk/v1/flags", { token: shop.serverKey });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(response.headers.get("etag")).toMatch(new RegExp(`^W/".+\\.${response.body.version}"$`));
    expect(response.headers.get("vary")).toContain("Accept");
    expect(validateDocument(response.body).ok).toBe(true);
    expect(response.body).toMatchObject({ schemaVersion: 1, environment: "production" });
    expect(response.body.flags.checkout.rules[0].id).toBe("beta");
  });

  it("answers 304 to If-None-Match until something changes", async () => {
    const first = await raw({});
    const etag = first.headers.get("etag") as string;
    const notModified = await raw({ "if-none-match": etag });
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get("etag")).toBe(etag);
    expect(await notModified.text()).toBe("");
    expect((await raw({ "if-none-match": `"other", ${etag.replace("W/", "")}` })).status).toBe(304);
    await t.ok("POST", `${PROD}/flags/checkout/toggle`, {});
    const changed = await raw({ "if-none-match": etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(etag);
    // A write elsewhere leaves this environment's ETag alone.
    const current = changed.headers.get("etag") as string;
    await t.ok("POST", "/api/v1/projects/shop/environments/staging/flags/checkout/toggle", {});
    expect((await raw({ "if-none-match": current })).status).toBe(304);
  });

  it("speaks MessagePack when asked, and gzip when accepted", async () => {
    const json = await (await raw({})).json();
    const packed = await raw({ accept: "application/msgpack", "accept-encoding": "identity" });
    expect(packed.headers.get("content-type")).toBe("application/msgpack");
    expect(decode(new Uint8Array(await packed.arrayBuffer()))).toEqual(json);
    // fetch would decompress transparently: read the raw bytes over http instead.
    const { request } = await import("node:http");
    const gzipped = await new Promise<{ headers: Record<string, unknown>; body: Buffer }>(
      (resolve, reject) => {
        const call = request(
          `${t.url}/sdk/v1/flags`,
          {
            headers: {
              authorization: shop.serverKey,
              "accept-encoding": "gzip, deflate",
              accept: "application/msgpack",
            },
          },
          (response) => {
            const chunks: Buffer[] = [];
            response.on("data", (chunk: Buffer) => chunks.push(chunk));
            response.on("end", () =>
              resolve({ headers: response.headers, body: Buffer.concat(chunks) }),
            );
          },
        );
        call.on("error", reject);
        call.end();
      },
    );
    expect(gzipped.headers["content-encoding"]).toBe("gzip");
    expect(decode(gunzipSync(gzipped.body))).toEqual(json);
    const plain = await raw({ "accept-encoding": "gzip;q=0" });
    expect(plain.headers.get("content-encoding")).toBeNull();
  });

  it("never reads the database to answer (served from the in-memory cache)", async () => {
    const before = await raw({});
    const etag = before.headers.get("etag");
    // Change the stored row behind the server's back: SDK reads must not see it.
    await t.server.services.db.updateTable("flag_configs").set({ enabled: 0 }).execute();
    const after = await raw({});
    expect(after.headers.get("etag")).toBe(etag);
    expect(await after.json()).toEqual(await before.json());
  });
});
