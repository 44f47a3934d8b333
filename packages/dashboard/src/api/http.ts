/**
 * The transport under the typed client: one `fetch` per call with the admin token, JSON in and
 * out, `If-Match` from a resource version, a fresh `Idempotency-Key` on every write (kept across
 * the one retry after a network failure, so a write that did land is not applied twice), and
 * problem+json failures turned into `ApiError`s.
 */
import { newIdempotencyKey } from "./idempotency-key.ts";
import { ApiError, readProblem } from "./problem.ts";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export type QueryValue = string | number | boolean | undefined | null;

export interface HttpOptions {
  /** Where the server is; `""` means the page's own origin (the server serves the dashboard). */
  baseUrl: string;
  token: string;
  fetch?: typeof fetch;
  newIdempotencyKey?: () => string;
}

export interface RequestOptions {
  method: HttpMethod;
  path: string;
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** The version the caller read: the server refuses the write with 412 if it has moved on. */
  ifMatch?: number | undefined;
  /** An ETag from an earlier answer: the server may answer 304 Not Modified. */
  ifNoneMatch?: string | undefined;
  signal?: AbortSignal | undefined;
}

export interface HttpResponse<T> {
  status: number;
  /** `undefined` only for 204 and 304 answers. */
  data: T;
  etag: string | null;
}

export interface Http {
  request<T>(options: RequestOptions): Promise<HttpResponse<T>>;
}

export function createHttp(options: HttpOptions): Http {
  const fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const makeKey = options.newIdempotencyKey ?? newIdempotencyKey;
  const base = options.baseUrl.replace(/\/+$/, "");

  return {
    async request<T>(request: RequestOptions): Promise<HttpResponse<T>> {
      const url = `${base}${request.path}${queryString(request.query)}`;
      const headers: Record<string, string> = {
        accept: "application/json, application/problem+json",
        authorization: `Bearer ${options.token}`,
      };
      if (request.body !== undefined) headers["content-type"] = "application/json";
      if (request.ifMatch !== undefined) headers["if-match"] = `"${request.ifMatch}"`;
      if (request.ifNoneMatch !== undefined) headers["if-none-match"] = request.ifNoneMatch;
      if (request.method !== "GET") headers["idempotency-key"] = makeKey();
      const init: RequestInit = {
        method: request.method,
        headers,
        // Same-origin by default; never let a browser cache admin answers.
        cache: "no-store",
        ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
        ...(request.signal ? { signal: request.signal } : {}),
      };
      const label = `${request.method} ${request.path}`;
      const response = await fetchWithOneRetry(fetchImpl, url, init, label);
      if (response.status === 304) {
        return { status: 304, data: undefined as T, etag: response.headers.get("etag") };
      }
      if (!response.ok) throw new ApiError(label, await readProblem(response));
      const etag = response.headers.get("etag");
      if (response.status === 204) return { status: 204, data: undefined as T, etag };
      const text = await response.text();
      return {
        status: response.status,
        data: (text === "" ? undefined : JSON.parse(text)) as T,
        etag,
      };
    },
  };
}

async function fetchWithOneRetry(
  fetchImpl: typeof fetch,
  url: string,
  init: RequestInit,
  label: string,
): Promise<Response> {
  try {
    return await fetchImpl(url, init);
  } catch (error) {
    if (isAbort(error)) throw error;
    try {
      return await fetchImpl(url, init);
    } catch (retryError) {
      if (isAbort(retryError)) throw retryError;
      throw new Error(
        `${label}: the server could not be reached (${(retryError as Error).message})`,
        {
          cause: retryError,
        },
      );
    }
  }
}

function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === "AbortError";
}

export function queryString(query: Record<string, QueryValue> | undefined): string {
  if (!query) return "";
  const parts: string[] = [];
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === "") continue;
    parts.push(`${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`);
  }
  return parts.length === 0 ? "" : `?${parts.join("&")}`;
}

/** `"12"` or `W/"12"` → 12; anything else → undefined. */
export function versionFromEtag(etag: string | null): number | undefined {
  if (etag === null) return undefined;
  const match = /^(?:W\/)?"?(\d+)"?$/.exec(etag.trim());
  return match ? Number(match[1]) : undefined;
}
