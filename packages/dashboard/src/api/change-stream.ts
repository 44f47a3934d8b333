/**
 * Follows the server's admin change stream (`GET /api/v1/changes/stream`): one event per
 * committed write, whoever made it. Read with fetch and a stream reader, because EventSource
 * cannot send the admin token in an `Authorization` header — and the token never goes in a URL.
 */
import { createSseParser } from "../lib/sse-parser.ts";
import type { HttpOptions } from "./http.ts";
import { ApiError, readProblem } from "./problem.ts";

/** One committed write, as the server describes it. */
export interface ChangeEvent {
  /** The audit entry's id; the stream resumes after it. */
  id: number;
  at: string;
  /** The resource kind: `flag`, `segment`, `experiment`, `environment`, `project`, `key` … */
  kind: string;
  action: string;
  key: string;
  project: string | null;
  environment: string | null;
  flag: string | null;
  version: number | null;
  actor: { id: string; name: string };
}

export interface ChangeStreamHandlers {
  /** The stream is open and following the log. */
  onReady(): void;
  onChange(change: ChangeEvent): void;
  /** Resume after this event id (`Last-Event-ID`): nothing written meanwhile is missed. */
  lastEventId?: string | undefined;
  signal: AbortSignal;
}

export const CHANGE_STREAM_PATH = "/api/v1/changes/stream";

/** The server answered, but with no change stream (an older server, a proxy in the way). */
export class StreamUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StreamUnavailableError";
  }
}

/**
 * Resolves when the server ends the stream, rejects when it cannot be opened or breaks (an
 * `ApiError` when the server refused it). Each change's `id` is what to resume from.
 */
export async function followChanges(
  options: HttpOptions,
  handlers: ChangeStreamHandlers,
): Promise<void> {
  const fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const headers: Record<string, string> = {
    accept: "text/event-stream",
    authorization: `Bearer ${options.token}`,
  };
  if (handlers.lastEventId !== undefined) headers["last-event-id"] = handlers.lastEventId;
  const url = `${options.baseUrl.replace(/\/+$/, "")}${CHANGE_STREAM_PATH}`;
  const response = await fetchImpl(url, { headers, cache: "no-store", signal: handlers.signal });
  if (!response.ok) throw new ApiError(`GET ${CHANGE_STREAM_PATH}`, await readProblem(response));
  const type = response.headers.get("content-type") ?? "";
  // A server without the stream may answer its web page for unknown paths: not a stream.
  if (!type.startsWith("text/event-stream"))
    throw new StreamUnavailableError(
      `GET ${CHANGE_STREAM_PATH}: answered ${type || "no content type"}, not an event stream`,
    );
  if (!response.body)
    throw new StreamUnavailableError(`GET ${CHANGE_STREAM_PATH}: the response has no body to read`);
  const parser = createSseParser((event) => {
    if (event.event === "ready") handlers.onReady();
    else if (event.event === "change") handlers.onChange(JSON.parse(event.data) as ChangeEvent);
  });
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parser.push(decoder.decode(value, { stream: true }));
    }
  } finally {
    reader.releaseLock();
  }
}
