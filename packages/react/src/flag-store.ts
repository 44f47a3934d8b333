/**
 * The external store behind the hooks: one per provider (client + context). It evaluates a flag
 * once, caches the result per flag and default, and wakes only the subscribers of the flags the
 * client reported as changed — so `useSyncExternalStore` re-renders only the affected components.
 */
import type { EvaluationContext, EvaluationResult, JsonValue } from "@flagswitch/core";
import type { ClientStatus, FlagClient, Unsubscribe } from "@flagswitch/sdk";
import type { BrowserClient } from "@flagswitch/sdk/browser";

export type ProviderStatus = ClientStatus | "initializing";

export interface FlagStore {
  /** Calls `listener` whenever `flagKey` may have changed. */
  subscribeFlag(flagKey: string, listener: () => void): Unsubscribe;
  /** The flag's evaluation; the same object until the flag's result really changes. */
  detail(flagKey: string, defaultValue: JsonValue): EvaluationResult;
  /** Calls `listener` whenever the client's status may have changed. */
  subscribeStatus(listener: () => void): Unsubscribe;
  status(): ProviderStatus;
  /** Re-evaluates every flag (after the browser client switched context). */
  refreshAll(): void;
}

interface CacheEntry {
  result: EvaluationResult;
  stale: boolean;
}

/** Tells the two clients apart: only the browser client can switch contexts. */
export function isBrowserClient(client: FlagClient | BrowserClient): client is BrowserClient {
  return typeof (client as Partial<BrowserClient>).identify === "function";
}

/** A cache key for a default value: defaults are often object literals, new on every render. */
export function defaultValueKey(defaultValue: JsonValue): string {
  return typeof defaultValue === "object" && defaultValue !== null
    ? `o${JSON.stringify(defaultValue)}`
    : `${typeof defaultValue}:${String(defaultValue)}`;
}

export function createFlagStore(
  client: FlagClient | BrowserClient,
  context: EvaluationContext,
): FlagStore {
  const evaluate: (flagKey: string, defaultValue: JsonValue) => EvaluationResult = isBrowserClient(
    client,
  )
    ? (flagKey, defaultValue) => client.variationDetail(flagKey, defaultValue)
    : (flagKey, defaultValue) => client.variationDetail(flagKey, context, defaultValue);

  const cache = new Map<string, Map<string, CacheEntry>>();
  const flagListeners = new Map<string, Set<() => void>>();
  const statusListeners = new Set<() => void>();
  let listenerCount = 0;
  let detachFromClient: Unsubscribe | undefined;
  let readyRequested = false;

  function markStale(flagKey: string): void {
    const entries = cache.get(flagKey);
    if (entries) for (const entry of entries.values()) entry.stale = true;
  }

  function notifyStatus(): void {
    for (const listener of [...statusListeners]) listener();
  }

  function onChange(flagKeys: readonly string[]): void {
    const woken: (() => void)[] = [];
    for (const flagKey of flagKeys) {
      markStale(flagKey);
      const listeners = flagListeners.get(flagKey);
      if (listeners) woken.push(...listeners);
    }
    for (const listener of woken) listener();
    notifyStatus();
  }

  // The store listens to the client only while components listen to it, so an unmounted
  // provider leaves nothing behind. Changes missed while detached are caught by marking the
  // whole cache stale on (re)attach; unchanged results keep their identity, so nothing re-renders.
  function retain(): void {
    listenerCount += 1;
    if (listenerCount > 1) return;
    for (const flagKey of cache.keys()) markStale(flagKey);
    const offChange = client.on("change", onChange);
    const offError = client.on("error", notifyStatus);
    detachFromClient = () => {
      offChange();
      offError();
    };
  }

  function release(): void {
    listenerCount -= 1;
    if (listenerCount > 0) return;
    detachFromClient?.();
    detachFromClient = undefined;
  }

  return {
    subscribeFlag(flagKey, listener) {
      let listeners = flagListeners.get(flagKey);
      if (!listeners) {
        listeners = new Set();
        flagListeners.set(flagKey, listeners);
      }
      listeners.add(listener);
      retain();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) flagListeners.delete(flagKey);
        release();
      };
    },

    detail(flagKey, defaultValue) {
      const key = defaultValueKey(defaultValue);
      let entries = cache.get(flagKey);
      if (!entries) {
        entries = new Map();
        cache.set(flagKey, entries);
      }
      const entry = entries.get(key);
      if (entry && !entry.stale) return entry.result;
      const result = evaluate(flagKey, defaultValue);
      if (entry && sameResult(entry.result, result)) {
        entry.stale = false;
        return entry.result;
      }
      entries.set(key, { result, stale: false });
      return result;
    },

    subscribeStatus(listener) {
      statusListeners.add(listener);
      retain();
      if (!readyRequested) {
        readyRequested = true;
        // `ready` never rejects; the status moves when it resolves (also on a timeout).
        void client.ready().then(notifyStatus);
      }
      return () => {
        statusListeners.delete(listener);
        release();
      };
    },

    status() {
      return client.status;
    },

    refreshAll() {
      onChange([...new Set([...cache.keys(), ...flagListeners.keys()])]);
    },
  };
}

function sameResult(a: EvaluationResult, b: EvaluationResult): boolean {
  return (
    a.variationIndex === b.variationIndex &&
    a.variationKey === b.variationKey &&
    sameReason(a.reason, b.reason) &&
    (Object.is(a.value, b.value) ||
      (typeof a.value === "object" && JSON.stringify(a.value) === JSON.stringify(b.value)))
  );
}

function sameReason(a: EvaluationResult["reason"], b: EvaluationResult["reason"]): boolean {
  return (
    a.kind === b.kind &&
    a.ruleId === b.ruleId &&
    a.errorKind === b.errorKind &&
    a.prerequisiteKey === b.prerequisiteKey &&
    a.inExperiment === b.inExperiment
  );
}
