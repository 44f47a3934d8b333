/**
 * Where event batches go. The HTTP sink posts them to the server; another transport (a queue,
 * a log pipeline) plugs in by implementing `send`.
 */
import { FlagSwitchError } from "../errors.js";
import type { EventBatch } from "./event-types.js";

export interface EventSink {
  /** For error messages: where the events go (a URL, a queue name). */
  readonly name: string;
  /**
   * Delivers one batch; rejects when it was not accepted. Rejecting with a `FlagSwitchError`
   * whose `status` is a 4xx other than 408 and 429 says the batch will never be accepted (it is
   * dropped); any other rejection is retried with backoff, with the same `batchId`.
   */
  send(batch: EventBatch): Promise<void>;
  /**
   * Hands a batch to the browser to deliver after the page is gone (`navigator.sendBeacon`).
   * Returns false when it could not be queued (too large, unsupported); optional.
   */
  sendBeacon?(batch: EventBatch): boolean;
}

/** Whether a failed `send` is worth retrying: network trouble, 5xx, 408 and 429 are. */
export function isRetryable(error: unknown): boolean {
  if (!(error instanceof FlagSwitchError)) return true;
  const status = (error as { status?: unknown }).status;
  if (typeof status !== "number") return true;
  return status >= 500 || status === 408 || status === 429;
}
