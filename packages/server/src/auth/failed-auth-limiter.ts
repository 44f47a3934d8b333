/**
 * Slows down key guessing: after `maxFailures` failed authentications from one address within
 * `windowMs`, that address is refused (429) until the window ends. In memory, per replica; the
 * clock comes in so tests can move time.
 */
import type { Clock } from "../clock.js";

export interface FailedAuthLimits {
  maxFailures: number;
  windowMs: number;
}

interface Window {
  startedAt: number;
  failures: number;
}

/** Bound on remembered addresses, so a spray from many addresses cannot exhaust memory. */
const MAX_TRACKED = 50_000;

export class FailedAuthLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly limits: FailedAuthLimits,
    private readonly clock: Clock,
  ) {}

  /** Seconds until the address may try again; 0 when it may try now. */
  retryAfterSeconds(address: string): number {
    const window = this.current(address);
    if (!window || window.failures < this.limits.maxFailures) return 0;
    const remaining = window.startedAt + this.limits.windowMs - this.clock.now().getTime();
    return Math.max(1, Math.ceil(remaining / 1000));
  }

  recordFailure(address: string): void {
    const window = this.current(address);
    if (window) {
      window.failures += 1;
      return;
    }
    if (this.windows.size >= MAX_TRACKED) this.evictExpired();
    if (this.windows.size >= MAX_TRACKED) {
      const oldest = this.windows.keys().next();
      if (!oldest.done) this.windows.delete(oldest.value);
    }
    this.windows.set(address, { startedAt: this.clock.now().getTime(), failures: 1 });
  }

  private current(address: string): Window | undefined {
    const window = this.windows.get(address);
    if (!window) return undefined;
    if (window.startedAt + this.limits.windowMs <= this.clock.now().getTime()) {
      this.windows.delete(address);
      return undefined;
    }
    return window;
  }

  private evictExpired(): void {
    const now = this.clock.now().getTime();
    for (const [address, window] of this.windows) {
      if (window.startedAt + this.limits.windowMs <= now) this.windows.delete(address);
    }
  }
}
