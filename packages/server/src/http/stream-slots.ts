/**
 * Bounds on open event streams: at most so many on this replica, and so many per credential
 * (SDK key or admin token). A stream takes a slot before it starts and gives it back when it
 * closes; a request that finds no slot is refused with 503 (the replica is full: another may
 * take it) or 429 (the credential holds too many), each with `Retry-After`.
 */
import { Problem } from "./problem.js";

export interface StreamSlotLimits {
  /** Open streams on this replica, all credentials together. */
  maxStreams: number;
  /** Open streams of one credential. */
  maxStreamsPerOwner: number;
}

/** Why a new stream is refused: the replica's bound, or the credential's. */
export type StreamAdmission = "ok" | "replica-full" | "owner-full";

/** Seconds a refused stream should wait: long enough for the crowd to thin, with polling meanwhile. */
export const STREAM_RETRY_AFTER_SECONDS = 30;

export class StreamSlots {
  private readonly perOwner = new Map<string, number>();
  private total = 0;
  /** How to end each open stream that gave one (the server ends them all when closing). */
  private readonly enders = new Set<() => void>();

  constructor(readonly limits: StreamSlotLimits) {}

  get count(): number {
    return this.total;
  }

  /** Whether one more stream of this owner fits. */
  admission(owner: string): StreamAdmission {
    if (this.total >= this.limits.maxStreams) return "replica-full";
    if ((this.perOwner.get(owner) ?? 0) >= this.limits.maxStreamsPerOwner) return "owner-full";
    return "ok";
  }

  /**
   * Takes a slot (whether it fits is the caller's check); the returned release is idempotent.
   * `end`, when given, is called by `endAll` until the slot is released.
   */
  take(owner: string, end?: () => void): () => void {
    this.total += 1;
    this.perOwner.set(owner, (this.perOwner.get(owner) ?? 0) + 1);
    if (end) this.enders.add(end);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (end) this.enders.delete(end);
      this.total -= 1;
      const count = (this.perOwner.get(owner) ?? 1) - 1;
      if (count > 0) this.perOwner.set(owner, count);
      else this.perOwner.delete(owner);
    };
  }

  /** Ends every open stream that said how (server shutdown); each releases its slot as it closes. */
  endAll(): void {
    for (const end of [...this.enders]) end();
  }
}

/**
 * The problem refusing a stream of `owner`, or nothing when it fits; `ownerNoun` names the
 * credential in the message ("key", "token").
 */
export function streamRefusal(
  slots: StreamSlots,
  owner: string,
  ownerNoun: string,
): Problem | null {
  const admission = slots.admission(owner);
  const headers = { "retry-after": String(STREAM_RETRY_AFTER_SECONDS) };
  if (admission === "owner-full") {
    return new Problem(
      429,
      "too-many-streams",
      `Too many open streams for this ${ownerNoun}`,
      `this ${ownerNoun} already has ${slots.limits.maxStreamsPerOwner} open streams on this server; close some, or poll`,
      [],
      headers,
    );
  }
  if (admission === "replica-full") {
    return new Problem(
      503,
      "streams-full",
      "This server holds its most streams",
      `this server already holds ${slots.limits.maxStreams} open streams; retry (another replica may take it) or poll`,
      [],
      headers,
    );
  }
  return null;
}
