/** Requests to a server at a base URL (a server process), as the admin by default. */
import { ADMIN_TOKEN } from "./processes.js";
import type { Json, TestResponse } from "./test-server.js";

export interface HttpClient {
  url: string;
  request<T = Json>(
    method: string,
    path: string,
    options?: { body?: unknown; token?: string | null; headers?: Record<string, string> },
  ): Promise<TestResponse<T>>;
  /** Fails unless 2xx; returns the body. */
  ok<T = Json>(method: string, path: string, body?: unknown): Promise<T>;
}

export function httpClient(url: string, token: string = ADMIN_TOKEN): HttpClient {
  const request: HttpClient["request"] = async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    const credential = options.token === undefined ? token : options.token;
    if (credential) headers.authorization ??= `Bearer ${credential}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers["content-type"] ??= "application/json";
    }
    const response = await fetch(`${url}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body } : {}),
    });
    const text = await response.text();
    const type = response.headers.get("content-type") ?? "";
    const parsed: unknown = type.includes("json") && text !== "" ? JSON.parse(text) : text;
    return { status: response.status, headers: response.headers, body: parsed as never, text };
  };
  return {
    url,
    request,
    async ok(method, path, body) {
      const response = await request(method, path, { body });
      if (response.status >= 300) {
        throw new Error(`${method} ${url}${path} → ${response.status}: ${response.text}`);
      }
      return response.body;
    },
  };
}
