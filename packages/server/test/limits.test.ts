/**
 * Bounds on clients that would hold resources: slow senders (slowloris) lose their connection
 * once their headers or body take too long, while everyone else is served; SSE streams are
 * capped per key (429) and per server (503), and their own long life is not cut by those bounds.
 * Admin change streams are capped the same way per admin token and per server, in a count of
 * their own: a crowd of either kind of stream never refuses the other.
 */
import { once } from "node:events";
import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databases } from "./support/databases.js";
import { createShop, createToken, type ShopFixture } from "./support/fixtures.js";
import { openSse, type SseConnection } from "./support/sse-client.js";
import { startTestServer, type TestServer } from "./support/test-server.js";

const HEADERS_TIMEOUT_MS = 400;
const REQUEST_TIMEOUT_MS = 800;

/** A raw connection; `closed` resolves with the ms it lived and what the server said. */
async function rawConnection(url: string): Promise<{
  socket: Socket;
  closed: Promise<{ afterMs: number; received: string }>;
}> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  await once(socket, "connect");
  const started = performance.now();
  let received = "";
  socket.on("data", (chunk) => {
    received += chunk.toString("latin1");
  });
  socket.on("error", () => {});
  const closed = once(socket, "close").then(() => ({
    afterMs: performance.now() - started,
    received,
  }));
  return { socket, closed };
}

/** Writes `text` one byte every `everyMs` until the socket closes. */
function drip(socket: Socket, text: string, everyMs: number): void {
  let index = 0;
  const timer = setInterval(() => {
    if (socket.destroyed || index >= text.length) {
      clearInterval(timer);
      return;
    }
    socket.write(text[index] as string);
    index += 1;
  }, everyMs);
}

describe.each(databases)("limits on $name", (database) => {
  let t: TestServer;
  let shop: ShopFixture;
  const streams: SseConnection[] = [];
  beforeAll(async () => {
    t = await startTestServer(database, {
      overrides: {
        heartbeatMs: 100,
        sseMaxStreams: 4,
        sseMaxStreamsPerKey: 2,
        http: {
          headersTimeoutMs: HEADERS_TIMEOUT_MS,
          requestTimeoutMs: REQUEST_TIMEOUT_MS,
          idleTimeoutMs: 600,
          keepAliveTimeoutMs: 5000,
          maxConnections: 0,
        },
      },
    });
    shop = await createShop(t);
  });
  afterAll(async () => {
    for (const stream of streams) stream.close();
    await t?.close();
  });

  it("closes a connection whose headers trickle in, while serving everyone else", async () => {
    const slow = await Promise.all(Array.from({ length: 50 }, () => rawConnection(t.url)));
    for (const { socket } of slow) {
      drip(
        socket,
        "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n",
        50,
      );
    }
    // Meanwhile a normal request is answered at once.
    const started = performance.now();
    const health = await t.request("GET", "/healthz", { token: null });
    expect(health.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(200);
    for (const { closed } of slow) {
      const { afterMs } = await closed;
      // Closed after its deadline, within one check period (half the timeout) and some slack.
      expect(afterMs).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 50);
      expect(afterMs).toBeLessThan(HEADERS_TIMEOUT_MS * 2 + 400);
    }
  });

  it("closes a connection that never sends anything", async () => {
    const { closed } = await rawConnection(t.url);
    const { afterMs } = await closed;
    expect(afterMs).toBeLessThan(HEADERS_TIMEOUT_MS * 2 + 400);
  });

  it("closes a connection whose body trickles in", async () => {
    const { socket, closed } = await rawConnection(t.url);
    socket.write(
      `POST /api/v1/projects HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${t.adminToken}\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n`,
    );
    drip(socket, `{"key":"slow","name":"${"x".repeat(380)}"}`, 40);
    const { afterMs, received } = await closed;
    expect(afterMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 50);
    expect(afterMs).toBeLessThan(REQUEST_TIMEOUT_MS * 2 + 400);
    expect(received).not.toContain("201");
    expect((await t.request("GET", "/api/v1/projects/slow")).status).toBe(404);
  });

  it("keeps an SSE stream open well past the request and idle bounds", async () => {
    const stream = await openSse(`${t.url}/sdk/v1/stream`, { authorization: shop.serverKey });
    streams.push(stream);
    await stream.waitFor((event) => event.event === "put");
    await new Promise((resolve) => setTimeout(resolve, REQUEST_TIMEOUT_MS * 2));
    expect(stream.closed).toBe(false);
    expect(stream.comments).toBeGreaterThan(5);
    stream.close();
  });

  it("caps streams per key (429) and per server (503), and frees the slot of a closed one", async () => {
    const other = await t.ok("POST", "/api/v1/keys", {
      kind: "server",
      name: "other",
      project: "shop",
      environment: "production",
    });
    const third = await t.ok("POST", "/api/v1/keys", {
      kind: "server",
      name: "third",
      project: "shop",
      environment: "production",
    });
    const open = async (key: string) => {
      const stream = await openSse(`${t.url}/sdk/v1/stream`, { authorization: key });
      streams.push(stream);
      return stream;
    };
    // Wait until the earlier test's stream is gone from the server's count.
    await expect.poll(async () => (await t.request("GET", "/readyz")).body.streams).toBe(0);
    const mine = [await open(shop.serverKey), await open(shop.serverKey)];
    const overKey = await open(shop.serverKey);
    expect(overKey.status).toBe(429);
    expect(overKey.headers.get("retry-after")).toBe("30");
    expect(overKey.headers.get("content-type")).toContain("application/problem+json");

    const others = [await open(other.secret), await open(other.secret)];
    const overServer = await open(third.secret);
    expect(overServer.status).toBe(503);
    expect(overServer.headers.get("retry-after")).toBe("30");
    for (const stream of [...mine, ...others]) expect(stream.status).toBe(200);

    mine[0]?.close();
    await expect.poll(async () => (await open(third.secret)).status).toBe(200);
  });
});

describe.each(databases)("admin change stream limits on $name", (database) => {
  let t: TestServer;
  let shop: ShopFixture;
  const streams: SseConnection[] = [];
  beforeAll(async () => {
    t = await startTestServer(database, {
      overrides: {
        sseMaxStreams: 2,
        sseMaxStreamsPerKey: 2,
        adminStreamMaxStreams: 3,
        adminStreamMaxStreamsPerToken: 2,
      },
    });
    shop = await createShop(t);
  });
  afterAll(async () => {
    for (const stream of streams) stream.close();
    await t?.close();
  });

  const openAdmin = async (token: string) => {
    const stream = await openSse(`${t.url}/api/v1/changes/stream`, {
      authorization: `Bearer ${token}`,
    });
    streams.push(stream);
    if (stream.status === 200) await stream.waitFor((event) => event.event === "ready");
    return stream;
  };
  const openSdk = async (key: string) => {
    const stream = await openSse(`${t.url}/sdk/v1/stream`, { authorization: key });
    streams.push(stream);
    return stream;
  };
  const readiness = async () =>
    (await t.request("GET", "/readyz")).body as { streams: number; adminStreams: number };
  const closeAll = async () => {
    for (const stream of streams.splice(0)) stream.close();
    await expect.poll(async () => (await readiness()).adminStreams).toBe(0);
    await expect.poll(async () => (await readiness()).streams).toBe(0);
  };

  it("caps change streams per token (429) and per server (503), and frees the slot of a closed one", async () => {
    await closeAll();
    const first = await createToken(t, "reader");
    const second = await createToken(t, "reader");
    const mine = [await openAdmin(first), await openAdmin(first)];
    for (const stream of mine) expect(stream.status).toBe(200);
    const overToken = await openAdmin(first);
    expect(overToken.status).toBe(429);
    expect(overToken.headers.get("retry-after")).toBe("30");
    expect(overToken.headers.get("content-type")).toContain("application/problem+json");
    expect(overToken.events).toEqual([]);

    expect((await openAdmin(second)).status).toBe(200);
    expect((await readiness()).adminStreams).toBe(3);
    const overServer = await openAdmin(second);
    expect(overServer.status).toBe(503);
    expect(overServer.headers.get("retry-after")).toBe("30");
    expect(overServer.headers.get("content-type")).toContain("application/problem+json");

    // The client goes away: its slot is free for the next stream, of this token or another.
    mine[0]?.close();
    await expect.poll(async () => (await readiness()).adminStreams).toBe(2);
    expect((await openAdmin(second)).status).toBe(200);
    expect((await openAdmin(first)).status).toBe(503);
  });

  it("frees the slots of a revoked token's streams", async () => {
    await closeAll();
    const created = await t.ok("POST", "/api/v1/keys", {
      kind: "admin",
      name: "revoked-soon",
      role: "reader",
    });
    const revoked = [await openAdmin(created.secret), await openAdmin(created.secret)];
    expect((await openAdmin(created.secret)).status).toBe(429);
    await t.ok("DELETE", `/api/v1/keys/${created.id}`);
    for (const stream of revoked) await stream.waitUntil(() => stream.closed);
    await expect.poll(async () => (await readiness()).adminStreams).toBe(0);
    const other = await createToken(t, "reader");
    const fresh = [await openAdmin(other), await openAdmin(t.adminToken), await openAdmin(other)];
    for (const stream of fresh) expect(stream.status).toBe(200);
  });

  it("counts SDK and admin streams apart: a full replica of one kind still takes the other", async () => {
    await closeAll();
    const tokens = [await createToken(t, "reader"), await createToken(t, "reader")];
    const admins = [
      await openAdmin(tokens[0] as string),
      await openAdmin(tokens[0] as string),
      await openAdmin(tokens[1] as string),
    ];
    for (const stream of admins) expect(stream.status).toBe(200);
    expect((await openAdmin(tokens[1] as string)).status).toBe(503);
    // Admin streams are at their bound: SDK streams still open, up to their own.
    const sdks = [await openSdk(shop.serverKey), await openSdk(shop.serverKey)];
    for (const stream of sdks) {
      expect(stream.status).toBe(200);
      await stream.waitFor((event) => event.event === "put");
    }
    // Refused by the SDK streams' own bound, not by the admin streams'.
    expect((await openSdk(shop.serverKey)).status).toBe(503);
    expect(await readiness()).toMatchObject({ streams: 2, adminStreams: 3 });

    // SDK streams are at their bound: an admin stream still opens once one of its kind left.
    admins[0]?.close();
    await expect.poll(async () => (await readiness()).adminStreams).toBe(2);
    expect((await openAdmin(tokens[1] as string)).status).toBe(200);
    expect((await openSdk(shop.serverKey)).status).toBe(503);
  });
});
