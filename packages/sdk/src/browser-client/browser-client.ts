/**
 * The client-side (browser) client: asks the server to evaluate the client-side flags for one
 * context (`POST /sdk/v1/evaluate`), serves those values synchronously, keeps them in Web
 * Storage per context, refreshes them on a poll and when the context changes, and records
 * exposures and conversions. It never sees a rule: no evaluator is bundled.
 */
import type { EvaluationContext, EvaluationResult, JsonValue } from "@flagswitch/core";
import { Backoff, jittered } from "../backoff.js";
import type {
  BrowserClient,
  ClientEvents,
  ClientStatus,
  ReadyOptions,
  Unsubscribe,
} from "../client-types.js";
import { Endpoints } from "../endpoints.js";
import {
  AuthenticationError,
  asFlagSwitchError,
  CacheError,
  type FlagSwitchError,
} from "../errors.js";
import { createEventRecorder, type EventRecorderOptions } from "../events/event-recorder.js";
import type { EventSink } from "../events/event-sink.js";
import type { EventRecorder } from "../events/event-types.js";
import { createHttpEventSink } from "../events/http-event-sink.js";
import { type FetchFunction, globalFetch } from "../http.js";
import { consoleLogger, type Logger } from "../logger.js";
import { type Cancel, type Scheduler, systemScheduler } from "../scheduler.js";
import { type EvaluateSettings, requestEvaluation } from "./evaluate-request.js";
import { changedFlagKeys, type EvaluatedFlag, type EvaluatedFlags } from "./evaluated-flags.js";
import { EvaluationCache, type StorageLike } from "./evaluation-cache.js";
import { browserPageShown, type PageShownSource } from "./page-shown.js";

/** Event settings of the browser client; the sink defaults to the server's events endpoint. */
export type BrowserEventOptions = Omit<
  EventRecorderOptions,
  "sink" | "scheduler" | "logger" | "onError"
> & { sink?: EventSink };

export interface BrowserClientOptions {
  /** A client-side SDK key (safe to ship in a page: it can only evaluate client-side flags). */
  clientKey: string;
  /** The FlagSwitch server, or several for failover. */
  baseUrl: string | readonly string[];
  /** Who is looking: `{ key, ...attributes }`. `identify()` switches it. */
  context: EvaluationContext;
  /** Values rendered into the page (e.g. the server-side client's `allFlags(context)`), used until the server answers. */
  bootstrap?: Record<string, JsonValue>;
  /** Where evaluated values are kept between visits. Default `localStorage`; `null` keeps nothing. */
  storage?: StorageLike | null;
  /** Refresh interval (±10 % jitter). Default 30,000 ms; 0 fetches only on start and `identify`. */
  pollIntervalMs?: number;
  /** Default 10,000 ms per request. */
  requestTimeoutMs?: number;
  /** When the page is visible again, values older than the poll interval are refreshed. Default: document visibility; `null`: never. */
  pageShown?: PageShownSource | null;
  /** Exposure and conversion events; `false` sends none. */
  events?: BrowserEventOptions | false;
  fetch?: FetchFunction;
  logger?: Logger;
  scheduler?: Scheduler;
}

/**
 * @example
 * const client = createBrowserClient({
 *   clientKey: "cli-…",
 *   baseUrl: "https://flags.example.com",
 *   context: { key: "user-7", plan: "pro" },
 * });
 * await client.ready({ timeoutMs: 2000 });
 * if (client.boolVariation("new-checkout", false)) showNewCheckout();
 */
export function createBrowserClient(options: BrowserClientOptions): BrowserClient {
  return new ClientSideClient(options);
}

type Listeners = { [E in keyof ClientEvents]: Set<ClientEvents[E]> };

class ClientSideClient implements BrowserClient {
  readonly #request: EvaluateSettings;
  readonly #logger: Logger;
  readonly #scheduler: Scheduler;
  readonly #pollIntervalMs: number;
  readonly #backoff: Backoff;
  readonly #cache: EvaluationCache | undefined;
  readonly #events: EventRecorder | undefined;
  readonly #listeners: Listeners = { change: new Set(), error: new Set() };

  #context: EvaluationContext;
  #flags: EvaluatedFlags = {};
  #status: ClientStatus | "initializing" = "initializing";
  /** What the client could fall back on if the server never answers. */
  #fallback: "cached" | "bootstrap" | undefined;
  /** Whether the values held are the server's answer for the current context. */
  #current = false;
  /** Bumped by identify(): answers for an older context are ignored. */
  #generation = 0;
  #inFlight: AbortController | undefined;
  #cancelPoll: Cancel | undefined;
  #settledWaiters: (() => void)[] = [];
  #answered = false;
  #stopped = false;
  /** When the last answer (or failure) came, for the page-shown check. */
  #lastAnswerAt = 0;
  /** The server refused the key: only identify() asks again. */
  #refused = false;
  readonly #stopWatchingPage: () => void;
  /** While constructing nobody can listen yet: errors are delivered a microtask later. */
  #starting = true;
  #closed: Promise<void> | undefined;

  constructor(options: BrowserClientOptions) {
    this.#logger = options.logger ?? consoleLogger;
    this.#scheduler = options.scheduler ?? systemScheduler;
    this.#pollIntervalMs = options.pollIntervalMs ?? 30_000;
    this.#request = {
      clientKey: options.clientKey,
      endpoints: new Endpoints(options.baseUrl),
      fetch: options.fetch ?? globalFetch,
      timeoutMs: options.requestTimeoutMs ?? 10_000,
      scheduler: this.#scheduler,
    };
    this.#backoff = new Backoff(
      { initialMs: 1_000, maxMs: Math.max(1_000, this.#pollIntervalMs || 30_000) },
      this.#scheduler,
    );
    this.#context = { ...options.context };
    const storage = options.storage === undefined ? defaultStorage() : options.storage;
    this.#cache = storage ? new EvaluationCache(storage, options.clientKey) : undefined;
    this.#events = options.events === false ? undefined : this.#createEvents(options);

    const cached = this.#readCache(this.#context);
    if (cached) {
      this.#flags = cached;
      this.#status = this.#fallback = "cached";
    } else if (options.bootstrap) {
      this.#flags = fromBootstrap(options.bootstrap);
      this.#status = this.#fallback = "bootstrap";
    }
    void this.#refresh();
    const pageShown = options.pageShown === undefined ? browserPageShown : options.pageShown;
    this.#stopWatchingPage = watch(pageShown, () => this.#onPageShown());
    this.#starting = false;
  }

  get context(): EvaluationContext {
    return this.#context;
  }

  get status(): ClientStatus | "initializing" {
    return this.#status;
  }

  ready(options: ReadyOptions = {}): Promise<ClientStatus> {
    const settled = (): ClientStatus => {
      if (this.#status === "initializing") this.#status = "failed";
      return this.#status;
    };
    if (this.#answered) return Promise.resolve(settled());
    return new Promise<ClientStatus>((resolve) => {
      const cancel = this.#scheduler.setTimeout(done, options.timeoutMs ?? 5_000);
      this.#settledWaiters.push(done);
      function done(): void {
        cancel();
        resolve(settled());
      }
    });
  }

  boolVariation(flagKey: string, defaultValue: boolean): boolean {
    return this.#value(flagKey, defaultValue, "boolean") as boolean;
  }

  stringVariation(flagKey: string, defaultValue: string): string {
    return this.#value(flagKey, defaultValue, "string") as string;
  }

  numberVariation(flagKey: string, defaultValue: number): number {
    return this.#value(flagKey, defaultValue, "number") as number;
  }

  jsonVariation<T extends JsonValue>(flagKey: string, defaultValue: T): JsonValue {
    return this.#value(flagKey, defaultValue, undefined);
  }

  variationDetail<T extends JsonValue>(
    flagKey: string,
    defaultValue: T,
  ): EvaluationResult<T | JsonValue> {
    const flag = this.#lookup(flagKey);
    if (flag === undefined) {
      const nothingLoaded = this.#status === "initializing" || this.#status === "failed";
      return failure(defaultValue, nothingLoaded ? "CLIENT_NOT_READY" : "FLAG_NOT_FOUND");
    }
    if (flag.inExperiment) this.#expose(flagKey, flag);
    return {
      value: flag.value,
      variationIndex: flag.variationIndex,
      variationKey: flag.variationKey,
      reason: flag.reason,
    };
  }

  allFlags(): Record<string, JsonValue> {
    const values: Record<string, JsonValue> = {};
    for (const [key, flag] of Object.entries(this.#flags)) values[key] = flag.value;
    return values;
  }

  identify(context: EvaluationContext): Promise<ClientStatus> {
    try {
      this.#context = { ...context };
      this.#generation++;
      this.#answered = false;
      this.#current = false;
      const cached = this.#readCache(this.#context);
      if (cached) {
        this.#replaceFlags(cached);
        this.#status = this.#fallback = "cached";
      } else {
        // The previous context's values stay until this one's arrive (no flash of defaults).
        this.#fallback = undefined;
      }
      return this.#refresh().then(() => this.#status as ClientStatus);
    } catch (error) {
      this.#emitError(asFlagSwitchError("identify", error));
      return Promise.resolve("failed");
    }
  }

  track(eventKey: string, value?: number): void {
    try {
      const contextKey = this.#context.key;
      if (typeof contextKey !== "string" || contextKey === "") {
        this.#logger.warn(`track("${eventKey}") ignored: the context has no string key`);
        return;
      }
      this.#events?.conversion(
        value === undefined ? { eventKey, contextKey } : { eventKey, contextKey, value },
      );
    } catch (error) {
      this.#emitError(asFlagSwitchError("track", error));
    }
  }

  on<E extends keyof ClientEvents>(event: E, listener: ClientEvents[E]): Unsubscribe {
    const listeners = this.#listeners[event] as Set<ClientEvents[E]> | undefined;
    if (!listeners) return () => {};
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  flush(): Promise<void> {
    return this.#events?.flush() ?? Promise.resolve();
  }

  close(): Promise<void> {
    if (this.#closed) return this.#closed;
    this.#stopped = true;
    this.#stopWatchingPage();
    this.#cancelPoll?.();
    this.#inFlight?.abort();
    this.#closed = this.#events?.close() ?? Promise.resolve();
    return this.#closed;
  }

  /** The value served for a typed read (no result object): the default when absent or mistyped. */
  #value(
    flagKey: string,
    defaultValue: JsonValue,
    type: "boolean" | "string" | "number" | undefined,
  ): JsonValue {
    const flag = this.#lookup(flagKey);
    if (flag === undefined || (type !== undefined && typeof flag.value !== type))
      return defaultValue;
    if (flag.inExperiment) this.#expose(flagKey, flag);
    return flag.value;
  }

  /** Own keys only: a flag named like an Object.prototype member is just another key. */
  #lookup(flagKey: string): EvaluatedFlag | undefined {
    return Object.hasOwn(this.#flags, flagKey) ? this.#flags[flagKey] : undefined;
  }

  #expose(flagKey: string, flag: EvaluatedFlag): void {
    const contextKey = this.#context.key;
    if (!this.#events || typeof contextKey !== "string") return;
    if (flag.experimentKey === undefined || flag.variationKey === null) return;
    this.#events.exposure({
      flagKey,
      flagVersion: flag.version,
      variation: flag.variationKey,
      contextKey,
      experimentKey: flag.experimentKey,
    });
  }

  /** Fetches values for the current context, then schedules the next poll. Never rejects. */
  async #refresh(): Promise<void> {
    if (this.#stopped) return;
    this.#cancelPoll?.();
    this.#inFlight?.abort();
    const generation = this.#generation;
    const context = this.#context;
    const controller = new AbortController();
    this.#inFlight = controller;
    let nextDelay =
      this.#pollIntervalMs > 0 ? jittered(this.#pollIntervalMs, 0.1, this.#scheduler) : 0;
    try {
      const flags = await requestEvaluation(this.#request, context, controller.signal);
      if (generation !== this.#generation || this.#stopped) return;
      this.#backoff.reset();
      this.#replaceFlags(flags);
      this.#status = "ready";
      this.#current = true;
      this.#writeCache(context, flags);
    } catch (error) {
      if (generation !== this.#generation || this.#stopped) return;
      const failure = asFlagSwitchError("evaluate", error);
      this.#emitError(failure);
      if (failure instanceof AuthenticationError) {
        nextDelay = 0;
        this.#refused = true;
      } else if (nextDelay > 0) {
        nextDelay = Math.min(nextDelay, this.#backoff.next());
      }
      this.#status = this.#current ? "ready" : (this.#fallback ?? "failed");
    } finally {
      if (this.#inFlight === controller) this.#inFlight = undefined;
    }
    this.#answered = true;
    this.#lastAnswerAt = this.#scheduler.now();
    const waiters = this.#settledWaiters;
    this.#settledWaiters = [];
    for (const waiter of waiters) waiter();
    if (nextDelay > 0 && !this.#stopped) {
      this.#cancelPoll = this.#scheduler.setTimeout(() => void this.#refresh(), nextDelay);
    }
  }

  #onPageShown(): void {
    const stale = this.#scheduler.now() - this.#lastAnswerAt >= this.#pollIntervalMs;
    if (this.#pollIntervalMs > 0 && stale && this.#answered && !this.#inFlight && !this.#refused)
      void this.#refresh();
  }

  #replaceFlags(flags: EvaluatedFlags): void {
    const changed = changedFlagKeys(this.#flags, flags);
    this.#flags = flags;
    if (changed.length === 0) return;
    for (const listener of [...this.#listeners.change]) {
      try {
        listener(changed);
      } catch (error) {
        this.#logger.error(`a change listener threw: ${String(error)}`);
      }
    }
  }

  #readCache(context: EvaluationContext): EvaluatedFlags | undefined {
    if (!this.#cache) return undefined;
    try {
      return this.#cache.read(context);
    } catch (error) {
      this.#emitError(
        new CacheError(`reading cached flag values failed: ${String(error)}`, { cause: error }),
      );
      return undefined;
    }
  }

  #writeCache(context: EvaluationContext, flags: EvaluatedFlags): void {
    if (!this.#cache) return;
    try {
      this.#cache.write(context, flags, this.#scheduler.now());
    } catch (error) {
      this.#emitError(
        new CacheError(`storing flag values failed: ${String(error)}`, { cause: error }),
      );
    }
  }

  #emitError(error: FlagSwitchError): void {
    if (this.#starting) {
      queueMicrotask(() => this.#emitError(error));
      return;
    }
    this.#logger.warn(error.message);
    for (const listener of [...this.#listeners.error]) {
      try {
        listener(error);
      } catch (thrown) {
        this.#logger.error(`an error listener threw: ${String(thrown)}`);
      }
    }
  }

  #createEvents(options: BrowserClientOptions): EventRecorder {
    const { sink, ...settings } = options.events || {};
    return createEventRecorder({
      ...settings,
      sink:
        sink ??
        createHttpEventSink({
          sdkKey: options.clientKey,
          baseUrl: options.baseUrl,
          ...(options.fetch ? { fetch: options.fetch } : {}),
          scheduler: this.#scheduler,
        }),
      sdk: settings.sdk ?? { name: "@flagswitch/sdk/browser", version: "0.1.0" },
      scheduler: this.#scheduler,
      logger: this.#logger,
      onError: (error) => this.#emitError(error),
    });
  }
}

function failure<T extends JsonValue>(
  defaultValue: T,
  errorKind: "CLIENT_NOT_READY" | "FLAG_NOT_FOUND" | "WRONG_TYPE",
): EvaluationResult<T> {
  return {
    value: defaultValue,
    variationIndex: null,
    variationKey: null,
    reason: { kind: "ERROR", errorKind },
  };
}

/** Bootstrap values carry no variation or reason: the server's answer replaces them. */
function fromBootstrap(values: Record<string, JsonValue>): EvaluatedFlags {
  const flags: EvaluatedFlags = {};
  for (const [key, value] of Object.entries(values)) {
    flags[key] = {
      value,
      variationIndex: null,
      variationKey: null,
      reason: { kind: "FALLTHROUGH" },
      version: 0,
    };
  }
  return flags;
}

/** Subscribes to the page's visibility; a platform that refuses simply gives no such moments. */
function watch(source: PageShownSource | null, listener: () => void): () => void {
  try {
    return source ? source(listener) : () => {};
  } catch {
    return () => {};
  }
}

/** `localStorage`, or nothing where reading it throws (sandboxed iframes, storage disabled). */
function defaultStorage(): StorageLike | undefined {
  try {
    return (globalThis as { localStorage?: StorageLike }).localStorage ?? undefined;
  } catch {
    return undefined;
  }
}
