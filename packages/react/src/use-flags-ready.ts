/** `useFlagsReady`: whether the provider's client has flags yet, and where they came from. */
import { useContext, useSyncExternalStore } from "react";
import { FlagStoreContext } from "./flag-provider.js";
import type { ProviderStatus } from "./flag-store.js";

export interface FlagsReadiness {
  /** False while the client still waits for its first flags (status `initializing`). */
  ready: boolean;
  /** `ready` (network), `cached`, `bootstrap`, `failed` (code defaults) or `initializing`. */
  status: ProviderStatus;
}

const noSubscription = () => () => {};
const outsideProvider = (): ProviderStatus => "failed";

/**
 * @example
 * ```tsx
 * const { ready } = useFlagsReady();
 * if (!ready) return <Spinner />;
 * ```
 */
export function useFlagsReady(): FlagsReadiness {
  const store = useContext(FlagStoreContext);
  const status = useSyncExternalStore(
    store ? store.subscribeStatus : noSubscription,
    store ? store.status : outsideProvider,
    store ? store.status : outsideProvider,
  );
  return { ready: status !== "initializing", status };
}
