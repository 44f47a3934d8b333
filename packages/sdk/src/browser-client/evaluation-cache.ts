/**
 * The last evaluated values per (client key, context) in Web Storage, so a returning visitor
 * sees their flags before the network answers. Entries are keyed by a hash of the key and the
 * context: no attribute (e-mail, name) is written into a storage key. The newest few contexts
 * are kept; older entries are removed.
 */
import type { EvaluationContext } from "@flagswitch/core";
import type { EvaluatedFlags } from "./evaluated-flags.js";

/** The part of the Web Storage interface the cache uses (`localStorage` fits). */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const PREFIX = "flagswitch:v1:";
/** Contexts remembered per client key (a browser rarely switches among more). */
const MAX_CONTEXTS = 5;

export class EvaluationCache {
  readonly #storage: StorageLike;
  readonly #indexKey: string;
  readonly #clientKeyHash: string;

  constructor(storage: StorageLike, clientKey: string) {
    this.#storage = storage;
    this.#clientKeyHash = hash(clientKey);
    this.#indexKey = `${PREFIX}${this.#clientKeyHash}:index`;
  }

  read(context: EvaluationContext): EvaluatedFlags | undefined {
    const text = this.#storage.getItem(this.#entryKey(context));
    if (text === null) return undefined;
    const entry = JSON.parse(text) as { flags?: EvaluatedFlags };
    return typeof entry.flags === "object" && entry.flags !== null ? entry.flags : undefined;
  }

  write(context: EvaluationContext, flags: EvaluatedFlags, now: number): void {
    const key = this.#entryKey(context);
    this.#storage.setItem(key, JSON.stringify({ savedAt: now, flags }));
    const index = this.#index().filter((existing) => existing !== key);
    index.push(key);
    while (index.length > MAX_CONTEXTS) this.#storage.removeItem(index.shift() as string);
    this.#storage.setItem(this.#indexKey, JSON.stringify(index));
  }

  #index(): string[] {
    try {
      const parsed = JSON.parse(this.#storage.getItem(this.#indexKey) ?? "[]") as unknown;
      return Array.isArray(parsed) ? parsed.filter((k): k is string => typeof k === "string") : [];
    } catch {
      return [];
    }
  }

  #entryKey(context: EvaluationContext): string {
    return `${PREFIX}${this.#clientKeyHash}:${hash(stableJson(context))}`;
  }
}

/** JSON with object keys sorted, so equal contexts give equal strings. */
export function stableJson(value: unknown): string {
  if (typeof value !== "object" || value === null) return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  const record = value as Record<string, unknown>;
  return `{${Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${stableJson(record[key])}`)
    .join(",")}}`;
}

/** A 53-bit string hash (cyrb53) in base 36: collisions are negligible for a handful of entries. */
export function hash(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}
