/**
 * The events an SDK sends to `POST /sdk/v1/events`, and the recorder the clients feed. The
 * fields are what experiment attribution needs: which variation of which flag version a context
 * saw, in which experiment, and when (`ts`, epoch ms, taken when the SDK recorded it, so a
 * conversion is compared with the exposure that really came first).
 */

/** What a client hands the recorder when a result with `inExperiment` was served. */
export interface ExposureInput {
  flagKey: string;
  flagVersion: number;
  /** The variation's key (not its index, which changes when variations are reordered). */
  variation: string;
  contextKey: string;
  experimentKey: string;
}

/** What `track()` hands the recorder. */
export interface ConversionInput {
  eventKey: string;
  contextKey: string;
  /** A metric value (e.g. revenue); summed per context by value metrics. */
  value?: number;
}

export interface ExposureEvent extends ExposureInput {
  kind: "exposure";
  ts: number;
}

export interface ConversionEvent extends ConversionInput {
  kind: "conversion";
  ts: number;
}

export type SdkEvent = ExposureEvent | ConversionEvent;

/** Names the SDK in every batch (the server stores it with each event). */
export interface SdkIdentity {
  name: string;
  version: string;
}

/** One request body. `batchId` stays the same across retries, so the server stores it once. */
export interface EventBatch {
  batchId: string;
  sdk: SdkIdentity;
  events: SdkEvent[];
}

/**
 * Records events on the caller's path (O(1), no I/O) and delivers them in batches later.
 * No method throws; `flush` and `close` never reject.
 */
export interface EventRecorder {
  /** Records an exposure unless this (flag, variation, context) was recorded recently. */
  exposure(e: ExposureInput): void;
  conversion(e: ConversionInput): void;
  /** Sends everything recorded so far; resolves when it was delivered or given up on. */
  flush(): Promise<void>;
  /** Stops timers and listeners, then flushes (one attempt per batch, no more backoff). Idempotent. */
  close(): Promise<void>;
  /** Events lost so far: buffer overflow, refused or undeliverable batches, invalid events. */
  readonly droppedCount: number;
}
