/** The current route from `location.hash`, and navigation that changes it. */
import { useCallback, useSyncExternalStore } from "react";
import { parseRoute, type Route, routeHref } from "./route.ts";

function subscribe(listener: () => void): () => void {
  window.addEventListener("hashchange", listener);
  return () => window.removeEventListener("hashchange", listener);
}

function snapshot(): string {
  return window.location.hash;
}

export function useHashRoute(): Route {
  const hash = useSyncExternalStore(subscribe, snapshot, () => "");
  return parseRoute(hash);
}

export function useNavigate(): (route: Route, options?: { replace?: boolean }) => void {
  return useCallback((route: Route, options?: { replace?: boolean }) => {
    const href = routeHref(route);
    if (options?.replace) {
      window.history.replaceState(null, "", href);
      window.dispatchEvent(new HashChangeEvent("hashchange"));
    } else {
      window.location.hash = href.slice(1);
    }
  }, []);
}
