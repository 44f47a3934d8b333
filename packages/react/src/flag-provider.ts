/**
 * `FlagProvider` hands a flag store for one client and one context to the hooks below it.
 * The store is rebuilt only when the client or the context's content changes, not when a
 * parent re-renders with an equal context object literal.
 */
import type { EvaluationContext } from "@flagswitch/core";
import type { FlagClient } from "@flagswitch/sdk";
import type { BrowserClient } from "@flagswitch/sdk/browser";
import { createContext, createElement, type ReactNode, useEffect, useMemo } from "react";
import { createFlagStore, type FlagStore, isBrowserClient } from "./flag-store.js";

export const FlagStoreContext = createContext<FlagStore | null>(null);

export type FlagProviderProps =
  | {
      /** A server-side client (`createClient`): every evaluation uses `context`. */
      client: FlagClient;
      context: EvaluationContext;
      children?: ReactNode;
    }
  | {
      /** A browser client (`createBrowserClient`); a `context` here switches it with `identify`. */
      client: BrowserClient;
      context?: EvaluationContext;
      children?: ReactNode;
    };

/**
 * Makes a FlagSwitch client available to `useFlag`, `useVariationDetail` and `useFlagsReady`.
 *
 * @example
 * ```tsx
 * const client = createClient({ sdkKey, baseUrl });
 * root.render(
 *   <FlagProvider client={client} context={{ key: user.id, plan: user.plan }}>
 *     <App />
 *   </FlagProvider>,
 * );
 * ```
 */
export function FlagProvider(props: FlagProviderProps): ReactNode {
  const { client, context, children } = props;
  const contextKey = contextIdentity(context);
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed on the context's content (contextKey), not on its object identity
  const store = useMemo(() => createFlagStore(client, context ?? {}), [client, contextKey]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed on the context's content (contextKey), not on its object identity
  useEffect(() => {
    if (!isBrowserClient(client) || context === undefined) return;
    if (contextIdentity(client.context) === contextKey) return;
    let current = true;
    // identify never rejects; once the new context's values are in, re-evaluate what is cached.
    void client.identify(context).then(() => {
      if (current) store.refreshAll();
    });
    return () => {
      current = false;
    };
  }, [client, contextKey, store]);

  return createElement(FlagStoreContext.Provider, { value: store }, children);
}

/**
 * What the store is keyed on: the context's content as JSON, or — for a context JSON cannot
 * encode (a cycle, a BigInt) — the object itself.
 */
function contextIdentity(context: EvaluationContext | undefined): string | EvaluationContext {
  if (context === undefined) return "";
  try {
    return JSON.stringify(context);
  } catch {
    return context;
  }
}
