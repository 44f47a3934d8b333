/**
 * The polling loop behind `createPollingSource` and the streaming source's fallback:
 * `GET /sdk/v1/flags` with `If-None-Match`, ±10 % jitter, exponential backoff on errors
 * (capped at the poll interval, so the client catches up within one interval once the server
 * is back), `Retry-After` honoured, failover across base URLs, 401/403 stop it for good.
 */
import { decode } from "@msgpack/msgpack";
import { Backoff, jittered, retryAfterMs } from "./backoff.js";
import { authorization, type Endpoints } from "./endpoints.js";
import {
  AuthenticationError,
  asFlagSwitchError,
  type FlagSwitchError,
  InvalidDocumentError,
  NetworkError,
} from "./errors.js";
import { type FetchFunction, fetchWithTimeout, type TimedResponse } from "./http.js";
import type { Cancel, Scheduler } from "./scheduler.js";
import type { SourceSink } from "./source.js";

export interface PollerSettings {
  sdkKey: string;
  endpoints: Endpoints;
  intervalMs: number;
  jitter: number;
  requestTimeoutMs: number;
  retry: { initialMs: number; maxMs: number };
  format: "json" | "msgpack";
  fetch: FetchFunction;
  scheduler: Scheduler;
  origin: string;
  /** Called once when the server refuses the key (the poller has stopped). */
  onUnauthorized?: (error: AuthenticationError) => void;
}

/** Longest Retry-After honoured; beyond it a misconfigured proxy could silence a client for days. */
const MAX_RETRY_AFTER_MS = 60 * 60 * 1000;

export class Poller {
  readonly #settings: PollerSettings;
  readonly #backoff: Backoff;
  #sink: SourceSink | undefined;
  #etag: string | undefined;
  #cancelTimer: Cancel | undefined;
  #inFlight: AbortController | undefined;
  #running = false;
  #stopped = false;

  constructor(settings: PollerSettings) {
    this.#settings = settings;
    const { initialMs, maxMs } = settings.retry;
    this.#backoff = new Backoff(
      { initialMs, maxMs: Math.max(initialMs, Math.min(maxMs, settings.intervalMs)) },
      settings.scheduler,
    );
  }

  /** Starts polling now (idempotent while running). */
  start(sink: SourceSink): void {
    if (this.#stopped || this.#running) return;
    this.#sink = sink;
    this.#running = true;
    this.#schedule(0);
  }

  /** Pauses polling; `start` resumes it. */
  pause(): void {
    this.#running = false;
    this.#cancelTimer?.();
    this.#cancelTimer = undefined;
    this.#inFlight?.abort();
    this.#inFlight = undefined;
  }

  /** Stops for good. */
  stop(): void {
    this.#stopped = true;
    this.pause();
  }

  get stopped(): boolean {
    return this.#stopped;
  }

  #schedule(delayMs: number): void {
    if (!this.#running) return;
    this.#cancelTimer?.();
    this.#cancelTimer = this.#settings.scheduler.setTimeout(() => {
      this.#cancelTimer = undefined;
      void this.#poll();
    }, delayMs);
  }

  async #poll(): Promise<void> {
    const controller = new AbortController();
    this.#inFlight = controller;
    let nextDelay: number;
    try {
      nextDelay = await this.#pollOnce(controller.signal);
    } catch (error) {
      // #pollOnce reports its own errors; anything here is a bug in a sink, kept from the host.
      this.#sink?.error(asFlagSwitchError("polling", error));
      nextDelay = this.#backoff.next();
    } finally {
      if (this.#inFlight === controller) this.#inFlight = undefined;
    }
    if (controller.signal.aborted) return;
    this.#schedule(nextDelay);
  }

  /** One poll across the base URLs; returns the delay before the next one. */
  async #pollOnce(signal: AbortSignal): Promise<number> {
    const s = this.#settings;
    let lastError: FlagSwitchError | undefined;
    for (let attempt = 0; attempt < s.endpoints.size; attempt++) {
      if (signal.aborted) return 0;
      const url = s.endpoints.url("/sdk/v1/flags", attempt);
      const headers: Record<string, string> = {
        authorization: authorization(s.sdkKey),
        accept: s.format === "msgpack" ? "application/msgpack" : "application/json",
      };
      if (this.#etag) headers["if-none-match"] = this.#etag;
      let timed: TimedResponse;
      try {
        timed = await fetchWithTimeout(
          s.fetch,
          url,
          { headers },
          s.requestTimeoutMs,
          s.scheduler,
          signal,
        );
      } catch (error) {
        lastError = error as FlagSwitchError;
        continue;
      }
      const response = timed.response;
      if (response.status >= 500) {
        timed.release();
        lastError = new NetworkError(url, `HTTP ${response.status}`, response.status);
        const wait = retryAfterMs(response.headers.get("retry-after"), s.scheduler.now());
        if (wait !== undefined && s.endpoints.size === 1) {
          this.#sink?.error(lastError);
          return Math.max(Math.min(wait, MAX_RETRY_AFTER_MS), this.#backoff.next());
        }
        continue;
      }
      s.endpoints.succeeded(attempt);
      return this.#handle(timed, url, signal);
    }
    if (signal.aborted) return 0;
    s.endpoints.failed();
    if (lastError) this.#sink?.error(lastError);
    return this.#backoff.next();
  }

  async #handle(timed: TimedResponse, url: string, signal: AbortSignal): Promise<number> {
    const response = timed.response;
    const s = this.#settings;
    const sink = this.#sink;
    const normal = () => jittered(s.intervalMs, s.jitter, s.scheduler);
    if (response.status === 304) {
      timed.release();
      this.#backoff.reset();
      return normal();
    }
    if (response.status === 401 || response.status === 403) {
      timed.release();
      const error = new AuthenticationError(url, response.status);
      this.stop();
      sink?.error(error);
      s.onUnauthorized?.(error);
      return 0;
    }
    if (response.status !== 200) {
      timed.release();
      const error = new NetworkError(url, `unexpected HTTP ${response.status}`, response.status);
      sink?.error(error);
      const wait = retryAfterMs(response.headers.get("retry-after"), s.scheduler.now());
      const backoff = this.#backoff.next();
      return wait === undefined ? backoff : Math.max(Math.min(wait, MAX_RETRY_AFTER_MS), backoff);
    }
    const isMsgpack = (response.headers.get("content-type") ?? "").includes("msgpack");
    let payload: unknown;
    try {
      const body = await timed.read(isMsgpack ? "bytes" : "text");
      payload = typeof body === "string" ? JSON.parse(body) : decode(body);
    } catch (error) {
      const reported =
        error instanceof NetworkError
          ? error
          : new InvalidDocumentError(`${s.origin} ${url}`, [
              { path: "", message: `not ${isMsgpack ? "MessagePack" : "JSON"}: ${String(error)}` },
            ]);
      // A read cut short by pause() or stop() is not a fault of the server.
      if (!signal.aborted) sink?.error(reported);
      return error instanceof NetworkError ? this.#backoff.next() : normal();
    }
    this.#backoff.reset();
    if (signal.aborted) return normal();
    if (sink?.document(payload, `${s.origin} ${url}`)) {
      this.#etag = response.headers.get("etag") ?? undefined;
    }
    return normal();
  }
}
