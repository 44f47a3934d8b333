/**
 * Remembers which (flag, variation, context) exposures were recorded recently, so a page or a
 * server that evaluates a flag a million times sends one exposure per context. Bounded, with
 * the "second chance" (CLOCK) approximation of least-recently-used: a hit only sets a flag on
 * the context's entry (no Map reordering on the hot path); when more than `capacity` (flag,
 * context) pairs are held, the oldest contexts are forgotten, except that a context used since
 * it was last passed over is moved to the young end once instead. A lookup allocates nothing:
 * two Map reads keyed by the caller's own strings, no composite key.
 */
interface ContextEntry {
  /** flagKey → the variation last recorded. */
  flags: Map<string, string>;
  /** Used since the eviction sweep last passed it. */
  referenced: boolean;
}

export class ExposureDeduper {
  readonly capacity: number;
  /** contextKey → entry, oldest (or longest unused) first. */
  readonly #byContext = new Map<string, ContextEntry>();
  #pairs = 0;
  #lastContextKey: string | undefined;
  #lastEntry: ContextEntry | undefined;

  constructor(capacity: number) {
    this.capacity = Math.max(1, Math.floor(capacity));
  }

  /** (flag, context) pairs currently remembered. */
  get size(): number {
    return this.#pairs;
  }

  /**
   * True when this exposure was not recorded within the window (and remembers it now). A
   * context whose variation changed is a new exposure: attribution must see both.
   */
  firstSeen(flagKey: string, variation: string, contextKey: string): boolean {
    let entry =
      contextKey === this.#lastContextKey ? this.#lastEntry : this.#byContext.get(contextKey);
    if (entry === undefined) {
      entry = { flags: new Map(), referenced: false };
      this.#byContext.set(contextKey, entry);
    } else {
      entry.referenced = true;
    }
    this.#lastContextKey = contextKey;
    this.#lastEntry = entry;
    const seen = entry.flags.get(flagKey);
    if (seen === variation) return false;
    if (seen === undefined) this.#pairs++;
    entry.flags.set(flagKey, variation);
    if (this.#pairs > this.capacity) this.#evict(entry, flagKey);
    return true;
  }

  #evict(current: ContextEntry, flagKey: string): void {
    // Entries moved to the end are visited again by this same loop, so it ends within two passes.
    for (const [contextKey, entry] of this.#byContext) {
      if (this.#pairs <= this.capacity) return;
      if (entry === current) continue;
      this.#byContext.delete(contextKey);
      if (entry.referenced) {
        entry.referenced = false;
        this.#byContext.set(contextKey, entry);
        continue;
      }
      this.#pairs -= entry.flags.size;
    }
    if (this.#pairs > this.capacity) {
      // This one context holds more flags than the whole window: keep the one just recorded.
      const variation = current.flags.get(flagKey) as string;
      this.#pairs -= current.flags.size - 1;
      current.flags.clear();
      current.flags.set(flagKey, variation);
    }
  }
}
