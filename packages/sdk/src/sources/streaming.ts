/**
 * `GET /sdk/v1/stream` (server-sent events through the `eventsource` package): a `put` with the
 * whole document, then `patch` and `delete` as flags change — propagation in well under a second.
 * The client owns reconnection (backoff, next base URL, `Last-Event-ID` so a server that can
 * resume sends only what was missed), a heartbeat deadline catches silently dead connections,
 * and polling takes over while the stream is down.
 */
import { EventSource, type FetchLike } from "eventsource";
import { Backoff, retryAfterMs } from "../backoff.js";
import { authorization } from "../endpoints.js";
import {
  AuthenticationError,
  type FlagSwitchError,
  InvalidDocumentError,
  NetworkError,
} from "../errors.js";
import { describe } from "../http.js";
import { Poller } from "../poller.js";
import type { Cancel } from "../scheduler.js";
import type { Source, SourceEnvironment, SourceSink } from "../source.js";
import { type PollingOptions, pollerSettings } from "./polling.js";

export interface StreamingOptions {
  /**
   * A connection silent for this long is taken for dead and replaced (default 45 s: three of
   * the server's 15 s heartbeats). Also the deadline for a connection to open.
   */
  heartbeatTimeoutMs?: number;
  /** Reconnection backoff (default 500 ms doubling to 30 s, with jitter). */
  retry?: { initialMs: number; maxMs: number };
  /** Polling while the stream is down (default: on, with the client's poll interval); `false` disables it. */
  fallback?: PollingOptions | false;
}

/** A connection open this long counts as healthy: the next reconnection starts from the initial delay. */
const STABLE_CONNECTION_MS = 60_000;

/** Longest Retry-After honoured for a refused stream (polling keeps the client current meanwhile). */
const MAX_RETRY_AFTER_MS = 5 * 60 * 1000;

/**
 * @example
 * const client = createClient({ sdkKey, baseUrl, source: createStreamingSource({ heartbeatTimeoutMs: 60_000 }) });
 */
export function createStreamingSource(options: StreamingOptions = {}): Source {
  let stream: StreamConnection | undefined;
  let closed = false;
  return {
    name: "streaming",
    start(sink, environment) {
      if (closed || stream) return;
      stream = new StreamConnection(sink, environment, options);
      stream.connect();
    },
    close() {
      closed = true;
      stream?.close();
    },
  };
}

/** What the wrapped fetch learnt about the last attempt (eventsource only reports a status). */
interface AttemptInfo {
  url: string;
  retryAfterMs?: number;
}

class StreamConnection {
  readonly #sink: SourceSink;
  readonly #env: SourceEnvironment;
  readonly #heartbeatTimeoutMs: number;
  readonly #backoff: Backoff;
  readonly #fallback: Poller | undefined;
  #source: EventSource | undefined;
  #lastEventId: string | undefined;
  #cancelHeartbeat: Cancel | undefined;
  #cancelReconnect: Cancel | undefined;
  #openedAt: number | undefined;
  #closed = false;

  constructor(sink: SourceSink, environment: SourceEnvironment, options: StreamingOptions) {
    this.#sink = sink;
    this.#env = environment;
    this.#heartbeatTimeoutMs = options.heartbeatTimeoutMs ?? 45_000;
    this.#backoff = new Backoff(
      options.retry ?? { initialMs: 500, maxMs: 30_000 },
      environment.scheduler,
    );
    this.#fallback =
      options.fallback === false
        ? undefined
        : new Poller(
            pollerSettings(environment, options.fallback ?? {}, "streaming fallback poll"),
          );
  }

  connect(): void {
    this.#cancelReconnect = undefined;
    if (this.#closed) return;
    const url = this.#env.endpoints.url("/sdk/v1/stream");
    const attempt: AttemptInfo = { url };
    let source: EventSource;
    try {
      source = new EventSource(url, { fetch: this.#fetchFor(attempt) });
    } catch (error) {
      // A malformed base URL: nothing to retry on this base, but the next one may work.
      this.#failed(attempt, undefined, describe(error));
      return;
    }
    this.#source = source;
    this.#armHeartbeat(source, attempt);
    const current = () => this.#source === source && !this.#closed;
    source.addEventListener("open", () => {
      if (!current()) return;
      this.#openedAt = this.#env.scheduler.now();
      // The stream is up: it carries every change from here, polling can rest.
      this.#fallback?.pause();
    });
    source.addEventListener("put", (event) => {
      if (current()) this.#deliver("put", event, attempt.url);
    });
    source.addEventListener("patch", (event) => {
      if (current()) this.#deliver("patch", event, attempt.url);
    });
    source.addEventListener("delete", (event) => {
      if (current()) this.#deliver("delete", event, attempt.url);
    });
    source.addEventListener("error", (event) => {
      if (current()) this.#failed(attempt, event.code, event.message ?? "stream ended");
    });
  }

  close(): void {
    this.#closed = true;
    this.#drop();
    this.#cancelReconnect?.();
    this.#fallback?.stop();
  }

  #deliver(kind: "put" | "patch" | "delete", event: MessageEvent, url: string): void {
    const origin = `streaming ${url} (${kind})`;
    let payload: unknown;
    try {
      payload = JSON.parse(String(event.data));
    } catch (error) {
      this.#lastEventId = undefined;
      this.#sink.error(
        new InvalidDocumentError(origin, [{ path: "", message: `not JSON: ${describe(error)}` }]),
      );
      return;
    }
    const accepted =
      kind === "put"
        ? this.#sink.document(payload, origin)
        : kind === "patch"
          ? this.#sink.patch(payload, origin)
          : this.#sink.delete(payload, origin);
    // Resume from an event only when everything up to it was taken: after a rejected change,
    // reconnect without an id so the server sends the whole document again.
    if (!accepted) this.#lastEventId = undefined;
    else if (event.lastEventId) this.#lastEventId = event.lastEventId;
  }

  /** eventsource's fetch, with the key, our resume point, and a body that feeds the heartbeat. */
  #fetchFor(attempt: AttemptInfo): FetchLike {
    return async (input, init) => {
      const headers: Record<string, string> = {
        ...init.headers,
        authorization: authorization(this.#env.sdkKey),
      };
      if (this.#lastEventId) headers["Last-Event-ID"] = this.#lastEventId;
      const response = await this.#env.fetch(String(input), {
        ...(init as RequestInit),
        headers,
      });
      const wait = retryAfterMs(response.headers.get("retry-after"), this.#env.scheduler.now());
      if (wait !== undefined) attempt.retryAfterMs = wait;
      const body = response.body;
      const isStream = (response.headers.get("content-type") ?? "").startsWith("text/event-stream");
      if (response.status !== 200 || !isStream || !body) {
        // eventsource reads only the status of a refusal, and does not abort it when closed:
        // free the connection here.
        void body?.cancel().catch(() => {});
        return {
          url: response.url,
          status: response.status,
          redirected: response.redirected,
          headers: response.headers,
          body: null,
        };
      }
      const reader = body.getReader();
      const beat = () => this.#beat(attempt);
      return {
        url: response.url,
        status: response.status,
        redirected: response.redirected,
        headers: response.headers,
        body: {
          getReader: () => ({
            async read() {
              const chunk = await reader.read();
              beat();
              return chunk;
            },
            cancel: () => reader.cancel(),
          }),
        },
      };
    };
  }

  /** Any bytes — events or `:` heartbeat comments — prove the connection alive. */
  #beat(attempt: AttemptInfo): void {
    if (this.#source) this.#armHeartbeat(this.#source, attempt);
  }

  #armHeartbeat(source: EventSource, attempt: AttemptInfo): void {
    this.#cancelHeartbeat?.();
    this.#cancelHeartbeat = this.#env.scheduler.setTimeout(() => {
      if (this.#source !== source || this.#closed) return;
      this.#failed(attempt, undefined, `no data or heartbeat for ${this.#heartbeatTimeoutMs} ms`);
    }, this.#heartbeatTimeoutMs);
  }

  #failed(attempt: AttemptInfo, status: number | undefined, message: string): void {
    this.#drop();
    if (this.#closed) return;
    if (status === 401 || status === 403) {
      const error = new AuthenticationError(attempt.url, status);
      this.#closed = true;
      this.#fallback?.stop();
      this.#sink.error(error);
      return;
    }
    const error: FlagSwitchError = new NetworkError(
      attempt.url,
      status ? `stream refused (HTTP ${status}: ${message})` : `stream lost: ${message}`,
      status,
    );
    this.#sink.error(error);
    // Only a connection that stayed up a while earns a quick retry: a server that accepts and
    // drops at once must not be hammered at the initial delay.
    const openedAt = this.#openedAt;
    this.#openedAt = undefined;
    if (openedAt !== undefined && this.#env.scheduler.now() - openedAt >= STABLE_CONNECTION_MS) {
      this.#backoff.reset();
    }
    this.#env.endpoints.failed(attempt.url);
    if (this.#fallback && !this.#fallback.stopped) this.#fallback.start(this.#sink);
    let delay = this.#backoff.next();
    if (attempt.retryAfterMs !== undefined) {
      delay = Math.max(delay, Math.min(attempt.retryAfterMs, MAX_RETRY_AFTER_MS));
    }
    this.#cancelReconnect = this.#env.scheduler.setTimeout(() => this.connect(), delay);
  }

  /** Closes the current connection for good (eventsource must not reconnect on its own). */
  #drop(): void {
    this.#cancelHeartbeat?.();
    this.#cancelHeartbeat = undefined;
    const source = this.#source;
    this.#source = undefined;
    if (!source) return;
    source.close();
    // eventsource arms its own reconnect timer right after dispatching "error": close again
    // once it has, so no stray (non-unref'd) timer outlives us.
    queueMicrotask(() => source.close());
  }
}
