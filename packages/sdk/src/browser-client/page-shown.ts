/**
 * When a hidden page becomes visible again. Browsers throttle a background tab's timers (to
 * once a minute, or less), so values can be stale when the user comes back: the client checks
 * then. Injected like page hide; the default reads `document` at call time, nothing elsewhere.
 */

/** Subscribes `listener` to the page becoming visible; returns the unsubscribe. */
export type PageShownSource = (listener: () => void) => () => void;

interface DocumentLike {
  visibilityState?: string;
  addEventListener?(type: string, listener: () => void): void;
  removeEventListener?(type: string, listener: () => void): void;
}

export const browserPageShown: PageShownSource = (listener) => {
  const document = (globalThis as { document?: DocumentLike }).document;
  if (typeof document?.addEventListener !== "function") return () => {};
  const onVisibilityChange = () => {
    if (document.visibilityState === "visible") listener();
  };
  document.addEventListener("visibilitychange", onVisibilityChange);
  return () => document.removeEventListener?.("visibilitychange", onVisibilityChange);
};
