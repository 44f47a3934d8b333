/** `GET /sdk/v1/flags` on an interval: the simplest source, and the streaming source's fallback. */
import { Poller, type PollerSettings } from "../poller.js";
import type { Source, SourceEnvironment } from "../source.js";

export interface PollingOptions {
  /** Between polls (default: the client's `pollIntervalMs`, 30 s). */
  intervalMs?: number;
  /** ± fraction of the interval (default 0.1 = ±10 %), so a fleet does not poll in lockstep. */
  jitter?: number;
  /** Deadline for one request, headers and body (default 10 s). */
  requestTimeoutMs?: number;
  /** Backoff after errors; the cap never exceeds the interval (default 1 s doubling to 30 s). */
  retry?: { initialMs: number; maxMs: number };
  /** Ask for MessagePack instead of JSON (smaller, for large documents). */
  format?: "json" | "msgpack";
}

export function pollerSettings(
  environment: SourceEnvironment,
  options: PollingOptions,
  origin: string,
): PollerSettings {
  return {
    sdkKey: environment.sdkKey,
    endpoints: environment.endpoints,
    intervalMs: options.intervalMs ?? environment.pollIntervalMs,
    jitter: options.jitter ?? 0.1,
    requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
    retry: options.retry ?? { initialMs: 1_000, maxMs: 30_000 },
    format: options.format ?? "json",
    fetch: environment.fetch,
    scheduler: environment.scheduler,
    origin,
  };
}

/**
 * Polls the server for the whole document, with ETags so an unchanged document costs a 304.
 *
 * @example
 * const client = createClient({ sdkKey, baseUrl, source: createPollingSource({ intervalMs: 60_000 }) });
 */
export function createPollingSource(options: PollingOptions = {}): Source {
  let poller: Poller | undefined;
  let closed = false;
  return {
    name: "polling",
    start(sink, environment) {
      if (closed || poller) return;
      poller = new Poller(pollerSettings(environment, options, "polling"));
      poller.start(sink);
    },
    close() {
      closed = true;
      poller?.stop();
    },
  };
}
