/**
 * Time, timers and randomness enter the SDK through this interface so tests can drive them.
 * The system scheduler wraps the globals at call time (never holding references to them) and
 * `unref`s its timers in Node, so a forgotten client never keeps a process alive.
 */

/** Cancels a scheduled callback; calling it twice is harmless. */
export type Cancel = () => void;

export interface Scheduler {
  /** Milliseconds since the epoch. */
  now(): number;
  /**
   * Runs `callback` once after `delayMs`. Timers do not keep a Node process alive unless
   * `keepAlive` is set — for the few someone is awaiting (a `ready()` deadline), which must fire
   * even when nothing else holds the process open.
   */
  setTimeout(callback: () => void, delayMs: number, options?: { keepAlive?: boolean }): Cancel;
  /** A number in [0, 1), for jitter. */
  random(): number;
}

interface Unrefable {
  unref?: () => void;
}

export const systemScheduler: Scheduler = {
  now: () => Date.now(),
  setTimeout(callback, delayMs, options) {
    const handle = globalThis.setTimeout(callback, Math.max(0, delayMs));
    if (!options?.keepAlive) (handle as unknown as Unrefable).unref?.();
    return () => globalThis.clearTimeout(handle);
  },
  random: () => Math.random(),
};
