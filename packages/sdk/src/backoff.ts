/**
 * Exponential backoff with "equal jitter": half the delay fixed, half random, so a fleet of
 * clients does not reconnect in lockstep after an outage, yet no retry comes immediately.
 */
import type { Scheduler } from "./scheduler.js";

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
}

export class Backoff {
  #attempt = 0;
  constructor(
    private readonly options: BackoffOptions,
    private readonly scheduler: Scheduler,
  ) {}

  /** The delay before the next retry; each call doubles it, up to the cap. */
  next(): number {
    const ceiling = Math.min(this.options.maxMs, this.options.initialMs * 2 ** this.#attempt);
    if (this.#attempt < 32) this.#attempt++;
    return ceiling / 2 + (ceiling / 2) * this.scheduler.random();
  }

  reset(): void {
    this.#attempt = 0;
  }
}

/** `interval` ± `fraction` (0.1 = ±10 %). */
export function jittered(intervalMs: number, fraction: number, scheduler: Scheduler): number {
  return intervalMs * (1 - fraction + 2 * fraction * scheduler.random());
}

/** A Retry-After header (seconds or an HTTP date) in milliseconds from now, or undefined. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
