/**
 * Where the last good document survives a restart: served on start-up, before the network
 * answers (status `cached`). A file in Node (`createFileCache` from "@flagswitch/sdk/node"),
 * `localStorage` in browsers; anything with these two methods fits (Redis, a database row).
 */
export interface DocumentCache {
  /** The document saved last, or undefined when there is none. */
  load(): Promise<unknown | undefined>;
  /** Keeps `document` (a validated flag document) for the next start. */
  save(document: unknown): Promise<void>;
}
