/**
 * `useFlag` and `useVariationDetail`: one flag's value (or full evaluation) for the provider's
 * context. Each component subscribes to its own flag only, so a change to another flag never
 * re-renders it.
 */
import type { EvaluationResult, JsonValue } from "@flagswitch/core";
import { useContext, useMemo, useSyncExternalStore } from "react";
import { FlagStoreContext } from "./flag-provider.js";
import { defaultValueKey } from "./flag-store.js";

/** The type a flag has, given its default: `false` → `boolean`, `"a"` → `string`, objects as given. */
export type FlagValue<T extends JsonValue> = T extends boolean
  ? boolean
  : T extends string
    ? string
    : T extends number
      ? number
      : T;

const noSubscription = () => () => {};

/**
 * The flag's full evaluation: value, variation and reason. Outside a `FlagProvider` it is the
 * default with reason `ERROR/CLIENT_NOT_READY`.
 *
 * @example
 * ```tsx
 * const detail = useVariationDetail("checkout-flow", "classic");
 * if (detail.reason.kind === "ERROR") console.warn(detail.reason.errorKind);
 * ```
 */
export function useVariationDetail<T extends JsonValue>(
  flagKey: string,
  defaultValue: T,
): EvaluationResult<FlagValue<T>> {
  const store = useContext(FlagStoreContext);
  const defaultKey = defaultValueKey(defaultValue);
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed on the default's content, not its identity
  const withoutProvider = useMemo(() => notReady(defaultValue), [defaultKey]);
  const subscribe = useMemo(
    () =>
      store ? (listener: () => void) => store.subscribeFlag(flagKey, listener) : noSubscription,
    [store, flagKey],
  );
  // A fresh function each render is fine: React calls it on every render anyway, and the
  // store returns the same cached object until the flag's result changes.
  const getSnapshot = () => (store ? store.detail(flagKey, defaultValue) : withoutProvider);
  // The client evaluated with this default, and the core serves the default on a type
  // mismatch (ERROR/WRONG_TYPE): the value always has the default's type.
  return useSyncExternalStore(subscribe, getSnapshot, getSnapshot) as EvaluationResult<
    FlagValue<T>
  >;
}

/**
 * The flag's value for the provider's context, typed by the default.
 *
 * @example
 * ```tsx
 * function Checkout() {
 *   const newCheckout = useFlag("new-checkout", false); // boolean
 *   return newCheckout ? <NewCheckout /> : <ClassicCheckout />;
 * }
 * ```
 */
export function useFlag<T extends JsonValue>(flagKey: string, defaultValue: T): FlagValue<T> {
  return useVariationDetail(flagKey, defaultValue).value;
}

function notReady(defaultValue: JsonValue): EvaluationResult {
  return {
    value: defaultValue,
    variationIndex: null,
    variationKey: null,
    reason: { kind: "ERROR", errorKind: "CLIENT_NOT_READY" },
  };
}
