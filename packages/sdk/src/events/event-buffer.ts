/**
 * A fixed-capacity FIFO ring: O(1) push that drops the oldest item when full, so a long outage
 * costs bounded memory and the newest events survive.
 */
export class EventBuffer<T> {
  readonly capacity: number;
  readonly #items: (T | undefined)[] = [];
  #head = 0;
  #size = 0;

  constructor(capacity: number) {
    this.capacity = Math.max(1, Math.floor(capacity));
  }

  get size(): number {
    return this.#size;
  }

  /** Adds at the tail; returns true when the oldest item was dropped to make room. */
  push(item: T): boolean {
    if (this.#size === this.capacity) {
      this.#items[this.#head] = item;
      this.#head = (this.#head + 1) % this.capacity;
      return true;
    }
    this.#items[(this.#head + this.#size) % this.capacity] = item;
    this.#size++;
    return false;
  }

  /** Up to `count` of the oldest items, oldest first, left in place. */
  peek(count: number): T[] {
    const n = Math.min(count, this.#size);
    const out: T[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = this.#items[(this.#head + i) % this.capacity] as T;
    return out;
  }

  /** Removes up to `count` of the oldest items. */
  discard(count: number): void {
    const n = Math.min(count, this.#size);
    for (let i = 0; i < n; i++) this.#items[(this.#head + i) % this.capacity] = undefined;
    this.#head = (this.#head + n) % this.capacity;
    this.#size -= n;
  }

  /** Removes and returns up to `count` of the oldest items. */
  take(count: number): T[] {
    const out = this.peek(count);
    this.discard(out.length);
    return out;
  }
}
