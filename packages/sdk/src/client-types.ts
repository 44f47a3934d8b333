/**
 * The public shapes of the two clients. The server-side client (`createClient`) holds the whole
 * flag document and evaluates any context locally; the browser client (`createBrowserClient`)
 * holds only the values the server evaluated for one context. React, Express and OpenFeature
 * adapters are written against these interfaces, not against either implementation.
 */
import type { EvaluationContext, EvaluationResult, JsonValue } from "@flagswitch/core";
import type { FlagSwitchError } from "./errors.js";

/**
 * How the client got its flags: `ready` from the network, `cached` from the persistent cache,
 * `bootstrap` from a document given in code, `failed` with nothing (code defaults are served).
 */
export type ClientStatus = "ready" | "cached" | "bootstrap" | "failed";

export interface ReadyOptions {
  /** Resolve with the best status so far after this long (default 5,000 ms). */
  timeoutMs?: number;
}

/** Listeners by event name. `change` receives the keys of the flags whose definition changed. */
export interface ClientEvents {
  change: (flagKeys: readonly string[]) => void;
  error: (error: FlagSwitchError) => void;
}

/** Removes the listener it was returned for. */
export type Unsubscribe = () => void;

/** What both clients share. Nothing here ever throws into the host, nor rejects on network trouble. */
export interface ClientLifecycle {
  /** Resolves once flags are usable or the timeout passed; never rejects. */
  ready(options?: ReadyOptions): Promise<ClientStatus>;
  /** `initializing` until the first document (or the ready timeout) arrives. */
  readonly status: ClientStatus | "initializing";
  on<E extends keyof ClientEvents>(event: E, listener: ClientEvents[E]): Unsubscribe;
  /** Sends every buffered event now. */
  flush(): Promise<void>;
  /** Stops sources and timers, flushes events. Idempotent. */
  close(): Promise<void>;
}

/** The server-side client: every evaluation is local, any context. */
export interface FlagClient extends ClientLifecycle {
  boolVariation(flagKey: string, context: EvaluationContext, defaultValue: boolean): boolean;
  stringVariation(flagKey: string, context: EvaluationContext, defaultValue: string): string;
  numberVariation(flagKey: string, context: EvaluationContext, defaultValue: number): number;
  jsonVariation<T extends JsonValue>(
    flagKey: string,
    context: EvaluationContext,
    defaultValue: T,
  ): JsonValue;
  variationDetail<T extends JsonValue>(
    flagKey: string,
    context: EvaluationContext,
    defaultValue: T,
  ): EvaluationResult<T | JsonValue>;
  /** Every flag's value for the context. */
  allFlags(context: EvaluationContext): Record<string, JsonValue>;
  /** Records a conversion event (e.g. `checkout-completed`, with a revenue value). */
  track(eventKey: string, context: EvaluationContext, value?: number): void;
}

/** The browser client: values evaluated by the server for one context at a time. */
export interface BrowserClient extends ClientLifecycle {
  readonly context: EvaluationContext;
  boolVariation(flagKey: string, defaultValue: boolean): boolean;
  stringVariation(flagKey: string, defaultValue: string): string;
  numberVariation(flagKey: string, defaultValue: number): number;
  jsonVariation<T extends JsonValue>(flagKey: string, defaultValue: T): JsonValue;
  variationDetail<T extends JsonValue>(
    flagKey: string,
    defaultValue: T,
  ): EvaluationResult<T | JsonValue>;
  allFlags(): Record<string, JsonValue>;
  /** Switches to another context and fetches its values; resolves once they arrived (or failed). */
  identify(context: EvaluationContext): Promise<ClientStatus>;
  track(eventKey: string, value?: number): void;
}
