/** A real server on a loopback port for one test file, with a fetch helper and an admin token. */

import type { Clock } from "../../src/clock.js";
import { type ConfigOverrides, resolveConfig } from "../../src/config.js";
import type { ChangeFeed } from "../../src/documents/change-feed.js";
import { createServer, type FlagSwitchServer } from "../../src/server.js";
import type { FreshDatabase, TestDatabase } from "./databases.js";

/**
 * Response bodies are whatever JSON an endpoint answers; tests assert on them field by field.
 */
// biome-ignore lint/suspicious/noExplicitAny: see above — typing every response would restate the API.
export type Json = any;

export interface TestResponse<T = Json> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface RequestOptions {
  token?: string | null;
  body?: unknown;
  headers?: Record<string, string>;
  /** Send this exact text as the body (with the given content-type header). */
  rawBody?: string | Buffer;
}

export interface TestServer {
  url: string;
  adminToken: string;
  server: FlagSwitchServer;
  database: FreshDatabase;
  request<T = Json>(
    method: string,
    path: string,
    options?: RequestOptions,
  ): Promise<TestResponse<T>>;
  /** Like request, but fails the test unless the status is 2xx; returns the body. */
  ok<T = Json>(method: string, path: string, body?: unknown, token?: string): Promise<T>;
  close(): Promise<void>;
}

export interface TestServerOptions {
  overrides?: ConfigOverrides;
  feed?: ChangeFeed;
  clock?: Clock;
  /** Reuse a database another test server already created (replica tests). */
  database?: FreshDatabase;
  /** The admin token to send by default when this server did not create the first one. */
  adminToken?: string;
}

export async function startTestServer(
  kind: TestDatabase,
  options: TestServerOptions = {},
): Promise<TestServer> {
  const database = options.database ?? (await kind.create());
  const config = resolveConfig(
    {},
    {
      port: 0,
      host: "127.0.0.1",
      heartbeatMs: 50,
      failedAuth: { maxFailures: 1000, windowMs: 60_000 },
      dashboardDir: undefined,
      ...database.overrides,
      ...options.overrides,
    },
  );
  const server = await createServer({
    config,
    ...(options.feed ? { feed: options.feed } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const url = await server.listen();
  const adminToken =
    server.firstAdminToken ?? options.adminToken ?? options.overrides?.adminToken ?? "";

  async function request<T>(
    method: string,
    path: string,
    requestOptions: RequestOptions = {},
  ): Promise<TestResponse<T>> {
    const headers: Record<string, string> = { ...requestOptions.headers };
    const token = requestOptions.token === undefined ? adminToken : requestOptions.token;
    if (token) headers.authorization ??= `Bearer ${token}`;
    let body: string | Buffer | undefined;
    if (requestOptions.rawBody !== undefined) body = requestOptions.rawBody;
    else if (requestOptions.body !== undefined) {
      body = JSON.stringify(requestOptions.body);
      headers["content-type"] ??= "application/json";
    }
    const response = await fetch(`${url}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body } : {}),
    });
    const text = await response.text();
    let parsed: unknown = text;
    const type = response.headers.get("content-type") ?? "";
    if (type.includes("json") && text !== "") parsed = JSON.parse(text);
    return { status: response.status, headers: response.headers, body: parsed as T, text };
  }

  return {
    url,
    adminToken,
    server,
    database,
    request,
    async ok<T>(method: string, path: string, body?: unknown, token?: string) {
      const response = await request<T>(method, path, { body, ...(token ? { token } : {}) });
      if (response.status >= 300)
        throw new Error(`${method} ${path} → ${response.status}: ${response.text}`);
      return response.body;
    },
    async close() {
      await server.close();
      if (!options.database) await database.drop();
    },
  };
}
