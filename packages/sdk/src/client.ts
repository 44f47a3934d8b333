/**
 * The server-side client: holds the whole flag document and evaluates any context in process
 * (no network on the evaluation path). Documents come from sources (streaming with polling
 * fallback by default), a bootstrap document and a persistent cache; every one passes the core's
 * validator and a bad one never replaces the last good one. Nothing here throws into the host:
 * listeners, sources and the cache are all called behind guards.
 */
import {
  type EvaluationContext,
  type EvaluationResult,
  evaluate,
  evaluateAll,
  type FlagDocument,
  type JsonValue,
} from "@flagswitch/core";
import type {
  ClientEvents,
  ClientStatus,
  FlagClient,
  ReadyOptions,
  Unsubscribe,
} from "./client-types.js";
import type { DocumentCache } from "./document-cache.js";
import { DocumentStore, type StoreUpdate } from "./document-store.js";
import { Endpoints } from "./endpoints.js";
import {
  AuthenticationError,
  asFlagSwitchError,
  FlagSwitchError,
  InvalidDocumentError,
} from "./errors.js";
import { createEventRecorder, type EventRecorderOptions } from "./events/event-recorder.js";
import type { EventSink } from "./events/event-sink.js";
import type { EventRecorder } from "./events/event-types.js";
import { createHttpEventSink, type HttpEventSinkOptions } from "./events/http-event-sink.js";
import { type FetchFunction, globalFetch } from "./http.js";
import { consoleLogger, type Logger } from "./logger.js";
import { Readiness } from "./readiness.js";
import { type Scheduler, systemScheduler } from "./scheduler.js";
import type { Source, SourceEnvironment, SourceSink } from "./source.js";
import { createBootstrapSource } from "./sources/bootstrap.js";
import { createStreamingSource } from "./sources/streaming.js";

/** Experiment events: batching and delivery settings, or your own sink. */
export type EventOptions = Omit<
  EventRecorderOptions,
  "sink" | "scheduler" | "logger" | "onError"
> & {
  /** Default: `POST {baseUrl}/sdk/v1/events`. */
  sink?: EventSink;
  /** For the default sink: JSON (default) or MessagePack. */
  encoding?: HttpEventSinkOptions["encoding"];
};

export interface ClientOptions {
  /** A server-side SDK key of one environment. */
  sdkKey: string;
  /** The server, or several replicas: a failed request moves to the next one. */
  baseUrl?: string | readonly string[];
  /** Default: streaming with polling fallback (needs `baseUrl`). Several sources may feed one client. */
  source?: Source | readonly Source[];
  /** A document to serve until a better one arrives (status `bootstrap`). */
  bootstrap?: unknown;
  /** Keeps the last good document across restarts (status `cached` until the network answers). */
  cache?: DocumentCache;
  /** Experiment events (exposures, `track()` conversions); `false` records nothing. Default: on when `baseUrl` is given. */
  events?: EventOptions | false;
  /** Default: warnings and errors to the console. */
  logger?: Logger;
  /** Default: the global fetch. */
  fetch?: FetchFunction;
  /** Polling interval, also for the streaming source's fallback (default 30,000 ms). */
  pollIntervalMs?: number;
  /** Time, timers and randomness (tests drive them). */
  scheduler?: Scheduler;
}

const DEFAULT_POLL_INTERVAL_MS = 30_000;
const DEFAULT_READY_TIMEOUT_MS = 5_000;

/**
 * @example
 * const client = createClient({ sdkKey: process.env.FLAGSWITCH_SDK_KEY!, baseUrl: "https://flags.example.com" });
 * await client.ready({ timeoutMs: 2_000 });
 * if (client.boolVariation("new-checkout", { key: user.id, country: user.country }, false)) { … }
 */
export function createClient(options: ClientOptions): FlagClient {
  return new LocalFlagClient(options);
}

type Listeners = { [E in keyof ClientEvents]: Set<ClientEvents[E]> };

class LocalFlagClient implements FlagClient {
  readonly #store = new DocumentStore();
  readonly #logger: Logger;
  readonly #scheduler: Scheduler;
  readonly #readiness: Readiness;
  readonly #listeners: Listeners = { change: new Set(), error: new Set() };
  readonly #sources: Source[];
  readonly #liveSources = new Set<Source>();
  readonly #cache: DocumentCache | undefined;
  readonly #recorder: EventRecorder | undefined;
  #pendingSave: unknown;
  #saving: Promise<void> | undefined;
  #closing: Promise<void> | undefined;
  #constructed = false;

  constructor(given: ClientOptions) {
    // Plain-JavaScript callers may pass anything: a bad option is reported, never thrown.
    const options: ClientOptions = given ?? { sdkKey: "" };
    this.#logger = options.logger ?? consoleLogger;
    this.#scheduler = options.scheduler ?? systemScheduler;
    this.#readiness = new Readiness(this.#scheduler);
    this.#cache = options.cache;
    const fetchFn = options.fetch ?? globalFetch;
    const baseUrl = options.baseUrl ?? [];
    const endpoints = new Endpoints(baseUrl);
    this.#recorder = this.#createRecorder(options, fetchFn);

    const chosen = options.source === undefined ? undefined : [options.source].flat();
    const network = chosen ?? (hasBase(baseUrl) ? [createStreamingSource()] : []);
    if (network.length > 0 && (typeof options.sdkKey !== "string" || options.sdkKey === "")) {
      this.#report(
        new FlagSwitchError(
          "CONFIGURATION",
          "createClient: sdkKey is missing; the server will refuse every request",
        ),
      );
    }
    const bootstrap =
      options.bootstrap === undefined ? [] : [createBootstrapSource(options.bootstrap)];
    this.#sources = [...bootstrap, ...network];
    for (const source of network)
      if (source.provides !== "bootstrap") this.#liveSources.add(source);

    const environment: SourceEnvironment = {
      sdkKey: options.sdkKey,
      endpoints,
      fetch: fetchFn,
      scheduler: this.#scheduler,
      logger: this.#logger,
      pollIntervalMs: options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
    };
    for (const source of this.#sources) {
      try {
        source.start(this.#sinkFor(source), environment);
      } catch (error) {
        this.#report(asFlagSwitchError(`source "${source.name}" failed to start`, error));
        this.#sourceGaveUp(source);
      }
    }
    this.#loadCache();
    this.#constructed = true;
    if (this.#liveSources.size === 0 && !this.#cache) this.#readiness.settle();
  }

  get status(): ClientStatus | "initializing" {
    return this.#readiness.status;
  }

  ready(options: ReadyOptions = {}): Promise<ClientStatus> {
    return this.#readiness.wait(options.timeoutMs ?? DEFAULT_READY_TIMEOUT_MS);
  }

  on<E extends keyof ClientEvents>(event: E, listener: ClientEvents[E]): Unsubscribe {
    const listeners = this.#listeners[event] as Set<ClientEvents[E]> | undefined;
    if (!listeners) return () => {};
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  boolVariation(flagKey: string, context: EvaluationContext, defaultValue: boolean): boolean {
    const value = this.variationDetail(flagKey, context, defaultValue).value;
    return typeof value === "boolean" ? value : defaultValue;
  }

  stringVariation(flagKey: string, context: EvaluationContext, defaultValue: string): string {
    const value = this.variationDetail(flagKey, context, defaultValue).value;
    return typeof value === "string" ? value : defaultValue;
  }

  numberVariation(flagKey: string, context: EvaluationContext, defaultValue: number): number {
    const value = this.variationDetail(flagKey, context, defaultValue).value;
    return typeof value === "number" ? value : defaultValue;
  }

  jsonVariation<T extends JsonValue>(
    flagKey: string,
    context: EvaluationContext,
    defaultValue: T,
  ): JsonValue {
    return this.variationDetail(flagKey, context, defaultValue).value;
  }

  variationDetail<T extends JsonValue>(
    flagKey: string,
    context: EvaluationContext,
    defaultValue: T,
  ): EvaluationResult<T | JsonValue> {
    const document = this.#store.document;
    if (!document) return notReady(defaultValue);
    const result = evaluate(document, flagKey, context, defaultValue);
    if (result.reason.inExperiment === true && this.#recorder) {
      this.#recordExposure(document, flagKey, context, result);
    }
    return result;
  }

  allFlags(context: EvaluationContext): Record<string, JsonValue> {
    const document = this.#store.document;
    const values: Record<string, JsonValue> = {};
    if (!document) return values;
    for (const [key, result] of Object.entries(evaluateAll(document, context))) {
      values[key] = result.value;
    }
    return values;
  }

  track(eventKey: string, context: EvaluationContext, value?: number): void {
    const contextKey = keyOf(context);
    if (!this.#recorder || contextKey === undefined) return;
    try {
      this.#recorder.conversion(
        value === undefined ? { eventKey, contextKey } : { eventKey, contextKey, value },
      );
    } catch (error) {
      this.#report(asFlagSwitchError(`track("${eventKey}")`, error));
    }
  }

  async flush(): Promise<void> {
    try {
      await this.#recorder?.flush();
    } catch (error) {
      this.#report(asFlagSwitchError("flush", error));
    }
  }

  close(): Promise<void> {
    this.#closing ??= this.#shutDown();
    return this.#closing;
  }

  async #shutDown(): Promise<void> {
    for (const source of this.#sources) {
      try {
        source.close();
      } catch (error) {
        this.#report(asFlagSwitchError(`source "${source.name}" failed to close`, error));
      }
    }
    this.#readiness.settle();
    try {
      await this.#recorder?.close();
    } catch (error) {
      this.#report(asFlagSwitchError("closing events", error));
    }
    await this.#saving;
  }

  #createRecorder(options: ClientOptions, fetchFn: FetchFunction): EventRecorder | undefined {
    const events = options.events;
    if (events === false) return undefined;
    const baseUrl = options.baseUrl;
    if (!events?.sink && (baseUrl === undefined || !hasBase(baseUrl))) return undefined;
    const { sink, encoding, ...settings } = events ?? {};
    try {
      return createEventRecorder({
        ...settings,
        sink:
          sink ??
          createHttpEventSink({
            sdkKey: options.sdkKey,
            baseUrl: baseUrl ?? [],
            fetch: fetchFn,
            scheduler: this.#scheduler,
            ...(encoding ? { encoding } : {}),
          }),
        scheduler: this.#scheduler,
        logger: this.#logger,
        onError: (error) => this.#report(error),
      });
    } catch (error) {
      this.#report(asFlagSwitchError("events", error));
      return undefined;
    }
  }

  #recordExposure(
    document: FlagDocument,
    flagKey: string,
    context: EvaluationContext,
    result: EvaluationResult<JsonValue>,
  ): void {
    const flag = document.flags[flagKey];
    const contextKey = keyOf(context);
    if (!flag?.experiment || result.variationKey === null || contextKey === undefined) return;
    try {
      this.#recorder?.exposure({
        flagKey,
        flagVersion: flag.version,
        variation: result.variationKey,
        contextKey,
        experimentKey: flag.experiment.key,
      });
    } catch (error) {
      this.#report(asFlagSwitchError(`exposure of "${flagKey}"`, error));
    }
  }

  /** Each source gets its own sink, so a document's status follows where it came from. */
  #sinkFor(source: Source): SourceSink {
    const status = source.provides ?? "ready";
    const take = (origin: string, apply: () => StoreUpdate): boolean => {
      if (this.#closing) return false;
      let update: StoreUpdate;
      try {
        update = apply();
      } catch (error) {
        this.#report(asFlagSwitchError(origin, error));
        return false;
      }
      if (!update.ok) {
        this.#report(new InvalidDocumentError(origin, update.errors));
        return false;
      }
      this.#accepted(update, status);
      return true;
    };
    return {
      document: (payload, origin) => take(origin, () => this.#store.replace(payload)),
      patch: (payload, origin) => take(origin, () => this.#store.patch(payload)),
      delete: (payload, origin) => take(origin, () => this.#store.delete(payload)),
      error: (error) => {
        if (this.#closing) return;
        this.#report(
          error instanceof FlagSwitchError ? error : asFlagSwitchError(source.name, error),
        );
        if (error instanceof AuthenticationError) this.#sourceGaveUp(source);
      },
    };
  }

  #accepted(
    update: Extract<StoreUpdate, { ok: true }>,
    status: "ready" | "cached" | "bootstrap",
  ): void {
    this.#readiness.reached(status);
    if (update.changed.length === 0) return;
    if (status === "ready") this.#save(update.document);
    this.#emitChange(update.changed);
  }

  #sourceGaveUp(source: Source): void {
    this.#liveSources.delete(source);
    if (this.#liveSources.size === 0 && this.#constructed) this.#readiness.settle();
  }

  #loadCache(): void {
    const cache = this.#cache;
    if (!cache) return;
    const origin = "cache";
    void (async () => {
      let payload: unknown;
      try {
        payload = await cache.load();
      } catch (error) {
        this.#report(asFlagSwitchError("loading the cache", error));
      }
      // A network document that arrived meanwhile is newer than anything cached.
      if (payload !== undefined && this.#readiness.status !== "ready" && !this.#closing) {
        const update = this.#store.replace(payload);
        if (update.ok) this.#accepted(update, "cached");
        else this.#report(new InvalidDocumentError(origin, update.errors));
      }
      if (this.#liveSources.size === 0) this.#readiness.settle();
    })();
  }

  /** One write at a time; while one runs only the newest document waits for the next. */
  #save(document: FlagDocument): void {
    const cache = this.#cache;
    if (!cache) return;
    this.#pendingSave = document;
    if (this.#saving) return;
    this.#saving = (async () => {
      while (this.#pendingSave !== undefined) {
        const next = this.#pendingSave;
        this.#pendingSave = undefined;
        try {
          await cache.save(next);
        } catch (error) {
          this.#report(asFlagSwitchError("saving the cache", error));
        }
      }
      this.#saving = undefined;
    })();
  }

  #emitChange(flagKeys: readonly string[]): void {
    for (const listener of this.#listeners.change) {
      try {
        listener(flagKeys);
      } catch (error) {
        this.#logger.error("a change listener threw", error);
      }
    }
  }

  #report(error: FlagSwitchError): void {
    this.#logger.warn(error.message);
    // Errors from the constructor (a bad bootstrap document) reach listeners added right after it.
    if (!this.#constructed) {
      queueMicrotask(() => this.#emitError(error));
      return;
    }
    this.#emitError(error);
  }

  #emitError(error: FlagSwitchError): void {
    for (const listener of this.#listeners.error) {
      try {
        listener(error);
      } catch (thrown) {
        this.#logger.error("an error listener threw", thrown);
      }
    }
  }
}

function hasBase(baseUrl: string | readonly string[]): boolean {
  return typeof baseUrl === "string" ? baseUrl !== "" : baseUrl.length > 0;
}

function keyOf(context: EvaluationContext): string | undefined {
  const key = context?.key;
  if (typeof key === "string") return key;
  if (typeof key === "number" && Number.isFinite(key)) return String(key);
  return undefined;
}

function notReady<T>(defaultValue: T): EvaluationResult<T> {
  return {
    value: defaultValue,
    variationIndex: null,
    variationKey: null,
    reason: { kind: "ERROR", errorKind: "CLIENT_NOT_READY" },
  };
}
