/** What one committed write changed in an environment's document: the SSE patch/delete events. */
import type { Flag, Segment } from "@flagswitch/core";

export type EntityChange =
  | { kind: "flag"; key: string; data: Flag }
  | { kind: "segment"; key: string; data: Segment }
  | { kind: "flag" | "segment"; key: string; deleted: true; version: number };

/** Messages between replicas (and, in one process, between the writer and its followers). */
export type FeedMessage =
  | {
      type: "environment";
      environmentId: string;
      version: number;
      /** `null` when the changes are not known one by one (streams then get a whole `put`). */
      changes: EntityChange[] | null;
    }
  | { type: "environment-removed"; environmentId: string }
  | { type: "keys" }
  /**
   * From a feed to its local followers only: messages may have been lost (the feed reconnected,
   * or it is time for the periodic check), so compare everything with the database.
   */
  | { type: "resync" };
