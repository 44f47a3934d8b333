/**
 * When a browser page is hidden (tab switched, app backgrounded, page unloading) it may never
 * come back: the last chance to send events. Subscribing is injected so Node (no document) and
 * tests decide what "hidden" means; the browser default reads the globals at call time.
 */

/** Subscribes `listener` to page-hide moments; returns the unsubscribe. */
export type PageHideSource = (listener: () => void) => () => void;

interface ListenerTarget {
  addEventListener?(type: string, listener: () => void): void;
  removeEventListener?(type: string, listener: () => void): void;
}

interface DocumentLike extends ListenerTarget {
  visibilityState?: string;
}

/** `visibilitychange` to hidden, and `pagehide` (Safari skips the former on unload). Nothing outside browsers. */
export const browserPageHide: PageHideSource = (listener) => {
  const document = (globalThis as { document?: DocumentLike }).document;
  if (typeof document?.addEventListener !== "function") return () => {};
  const window = globalThis as ListenerTarget;
  const onVisibilityChange = () => {
    if (document.visibilityState === "hidden") listener();
  };
  document.addEventListener("visibilitychange", onVisibilityChange);
  window.addEventListener?.("pagehide", listener);
  return () => {
    document.removeEventListener?.("visibilitychange", onVisibilityChange);
    window.removeEventListener?.("pagehide", listener);
  };
};
