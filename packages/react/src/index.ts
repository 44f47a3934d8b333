/**
 * @flagswitch/react — FlagSwitch for React: `FlagProvider` and hooks built on
 * `useSyncExternalStore`. A component re-renders only when its own flag's result changes;
 * server rendering works with a client bootstrapped from a document.
 */
export { FlagProvider, type FlagProviderProps } from "./flag-provider.js";
export type { ProviderStatus } from "./flag-store.js";
export { type FlagValue, useFlag, useVariationDetail } from "./use-flag.js";
export { type FlagsReadiness, useFlagsReady } from "./use-flags-ready.js";
