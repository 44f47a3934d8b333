/**
 * Records exposures and conversions on the caller's path and delivers them in the background.
 *
 * Recording is O(1): an exposure is checked against the deduper and, when new, pushed into a
 * bounded ring; nothing is serialised or sent there. A batch is cut when `batchSize` events are
 * waiting (sent on the next tick, never inside the caller's call) or `flushIntervalMs` after the
 * first waiting event (one unref'd timer, none while idle). One batch is in flight at a time;
 * a retryable failure is retried with backoff under the same `batchId`, while new events keep
 * filling the ring (the oldest dropped, and counted, when it is full).
 */
import { Backoff, type BackoffOptions } from "../backoff.js";
import { EventDeliveryError, FlagSwitchError } from "../errors.js";
import { type Logger, silentLogger } from "../logger.js";
import { type Cancel, type Scheduler, systemScheduler } from "../scheduler.js";
import { newBatchId } from "./batch-id.js";
import { EventBuffer } from "./event-buffer.js";
import { type EventSink, isRetryable } from "./event-sink.js";
import type {
  ConversionInput,
  EventBatch,
  EventRecorder,
  ExposureInput,
  SdkEvent,
  SdkIdentity,
} from "./event-types.js";
import { conversionProblem, exposureProblem } from "./event-validation.js";
import { ExposureDeduper } from "./exposure-deduper.js";
import { browserPageHide, type PageHideSource } from "./page-hide.js";

export interface EventRecorderOptions {
  /** Where batches go: `createHttpEventSink(…)` or your own transport. */
  sink: EventSink;
  /** Default `{ name: "@flagswitch/sdk", version: "0.1.0" }`. */
  sdk?: SdkIdentity;
  /** Events per batch; a full batch is sent at once. Default 500. */
  batchSize?: number;
  /** Longest an event waits before its batch is sent. Default 5,000 ms. */
  flushIntervalMs?: number;
  /** Events held while the sink is slow or down; the oldest are dropped beyond it. Default 10,000. */
  capacity?: number;
  /** (flag, context) pairs remembered for exposure deduplication. Default 10,000. */
  dedupeCapacity?: number;
  /** Attempts per batch before it is dropped. Default 5. */
  maxAttempts?: number;
  /** Backoff between attempts. Default 1 s doubling to 30 s. */
  retry?: BackoffOptions;
  /** Events per sendBeacon batch (browsers cap a beacon near 64 KB). Default 100. */
  beaconBatchSize?: number;
  /** Page-hide moments (browsers: visibilitychange/pagehide); `null` for none. */
  pageHide?: PageHideSource | null;
  scheduler?: Scheduler;
  logger?: Logger;
  /** Delivery problems (dropped events); the clients forward these to `on("error")`. */
  onError?: (error: EventDeliveryError) => void;
}

export const DEFAULT_SDK_IDENTITY: SdkIdentity = { name: "@flagswitch/sdk", version: "0.1.0" };

/**
 * @example
 * const events = createEventRecorder({
 *   sink: createHttpEventSink({ sdkKey, baseUrl: "https://flags.example.com" }),
 *   onError: (error) => console.warn(error.message),
 * });
 * events.conversion({ eventKey: "checkout-completed", contextKey: "user-7", value: 42 });
 * await events.close();
 */
export function createEventRecorder(options: EventRecorderOptions): EventRecorder {
  return new BatchingEventRecorder(options);
}

interface PendingBatch {
  batch: EventBatch;
  attempts: number;
}

interface FlushWaiter {
  /** Resolved once this many events were settled (delivered or dropped). */
  target: number;
  resolve: () => void;
}

class BatchingEventRecorder implements EventRecorder {
  readonly #sink: EventSink;
  readonly #sdk: SdkIdentity;
  readonly #batchSize: number;
  readonly #flushIntervalMs: number;
  readonly #maxAttempts: number;
  readonly #beaconBatchSize: number;
  readonly #scheduler: Scheduler;
  readonly #logger: Logger;
  readonly #onError: ((error: EventDeliveryError) => void) | undefined;
  readonly #buffer: EventBuffer<SdkEvent>;
  readonly #deduper: ExposureDeduper;
  readonly #backoff: Backoff;
  readonly #stopListening: () => void;

  /** Events ever accepted into the buffer, and events since delivered or dropped (FIFO). */
  #recorded = 0;
  #settled = 0;
  /** Every event up to this count is due now (a flush, the timer, page hide or close asked). */
  #due = 0;
  #dropped = 0;
  #overflowSinceReport = 0;
  #current: PendingBatch | undefined;
  #pumping = false;
  #pumpScheduled = false;
  #cancelTimer: Cancel | undefined;
  #wakeRetry: (() => void) | undefined;
  #waiters: FlushWaiter[] = [];
  #closing = false;
  #closed: Promise<void> | undefined;

  constructor(options: EventRecorderOptions) {
    this.#sink = options.sink;
    this.#sdk = options.sdk ?? DEFAULT_SDK_IDENTITY;
    this.#batchSize = Math.max(1, options.batchSize ?? 500);
    this.#flushIntervalMs = options.flushIntervalMs ?? 5_000;
    this.#maxAttempts = Math.max(1, options.maxAttempts ?? 5);
    this.#beaconBatchSize = Math.max(1, options.beaconBatchSize ?? 100);
    this.#scheduler = options.scheduler ?? systemScheduler;
    this.#logger = options.logger ?? silentLogger;
    this.#onError = options.onError;
    this.#buffer = new EventBuffer(options.capacity ?? 10_000);
    this.#deduper = new ExposureDeduper(options.dedupeCapacity ?? 10_000);
    this.#backoff = new Backoff(
      options.retry ?? { initialMs: 1_000, maxMs: 30_000 },
      this.#scheduler,
    );
    const pageHide = options.pageHide === undefined ? browserPageHide : options.pageHide;
    this.#stopListening = pageHide ? safeSubscribe(pageHide, () => this.#onPageHide()) : () => {};
  }

  get droppedCount(): number {
    return this.#dropped;
  }

  exposure(e: ExposureInput): void {
    try {
      if (this.#closing) {
        this.#dropped++;
        return;
      }
      if (!this.#deduper.firstSeen(e.flagKey, e.variation, e.contextKey)) return;
      const problem = exposureProblem(e);
      if (problem !== undefined) {
        this.#reject(`exposure of flag "${e.flagKey}"`, problem);
        return;
      }
      this.#record({
        kind: "exposure",
        flagKey: e.flagKey,
        flagVersion: e.flagVersion,
        variation: e.variation,
        contextKey: e.contextKey,
        experimentKey: e.experimentKey,
        ts: this.#scheduler.now(),
      });
    } catch (error) {
      this.#internalError("recording an exposure", error);
    }
  }

  conversion(e: ConversionInput): void {
    try {
      if (this.#closing) {
        this.#dropped++;
        return;
      }
      const problem = conversionProblem(e);
      if (problem !== undefined) {
        this.#reject(`conversion "${e.eventKey}"`, problem);
        return;
      }
      const event: SdkEvent = {
        kind: "conversion",
        eventKey: e.eventKey,
        contextKey: e.contextKey,
        ts: this.#scheduler.now(),
      };
      if (e.value !== undefined) event.value = e.value;
      this.#record(event);
    } catch (error) {
      this.#internalError("recording a conversion", error);
    }
  }

  flush(): Promise<void> {
    const target = this.#recorded;
    if (this.#settled >= target) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.#waiters.push({ target, resolve });
      this.#makeDue(target);
    });
  }

  close(): Promise<void> {
    if (this.#closed) return this.#closed;
    this.#closing = true;
    this.#cancelTimer?.();
    this.#cancelTimer = undefined;
    this.#stopListening();
    // A batch waiting out its backoff gets its last attempt now.
    this.#wakeRetry?.();
    this.#closed = this.flush();
    return this.#closed;
  }

  #record(event: SdkEvent): void {
    if (this.#buffer.push(event)) {
      this.#dropped++;
      this.#settled++;
      this.#overflowSinceReport++;
    }
    this.#recorded++;
    if (this.#buffer.size >= this.#batchSize) this.#schedulePump();
    else if (this.#cancelTimer === undefined) this.#armTimer();
  }

  #armTimer(): void {
    if (this.#closing) return;
    this.#cancelTimer = this.#scheduler.setTimeout(() => {
      this.#cancelTimer = undefined;
      this.#makeDue(this.#recorded);
    }, this.#flushIntervalMs);
  }

  /** A full batch is sent on the next tick, never inside the caller's evaluation. */
  #schedulePump(): void {
    if (this.#pumpScheduled || this.#pumping) return;
    this.#pumpScheduled = true;
    this.#scheduler.setTimeout(() => {
      this.#pumpScheduled = false;
      void this.#pump();
    }, 0);
  }

  #makeDue(count: number): void {
    if (count > this.#due) this.#due = count;
    void this.#pump();
  }

  /** Sends batches one at a time until nothing full or due is left. Never rejects. */
  async #pump(): Promise<void> {
    if (this.#pumping) return;
    this.#pumping = true;
    try {
      for (;;) {
        this.#reportOverflow();
        if (this.#current === undefined) {
          const full = this.#buffer.size >= this.#batchSize;
          const due = this.#due > this.#settled && this.#buffer.size > 0;
          if (!full && !due) break;
          this.#current = { batch: this.#batchOf(this.#buffer.take(this.#batchSize)), attempts: 0 };
        }
        const current = this.#current;
        if (await this.#attempt(current)) {
          await this.#sleep(this.#backoff.next());
          continue;
        }
        this.#current = undefined;
        this.#settle(current.batch.events.length);
      }
    } catch (error) {
      // Not expected (sinks' failures are caught per attempt); never leave a flush hanging.
      this.#internalError("sending events", error);
      const lost = this.#current;
      this.#current = undefined;
      if (lost) {
        const { batchId, events } = lost.batch;
        this.#drop(
          events.length,
          `event batch ${batchId} (${events.length} events) lost: ${messageOf(error)}`,
          error,
        );
        this.#settled += events.length;
      }
      for (const waiter of this.#waiters) waiter.resolve();
      this.#waiters = [];
    } finally {
      this.#pumping = false;
      this.#resolveWaiters();
      if (this.#buffer.size > 0 && this.#cancelTimer === undefined) this.#armTimer();
    }
  }

  /** One send; true when it failed and should be retried. Drops (and reports) what it gives up. */
  async #attempt(pending: PendingBatch): Promise<boolean> {
    pending.attempts++;
    const { batch } = pending;
    try {
      await this.#sink.send(batch);
      this.#backoff.reset();
      this.#logger.debug(`sent ${batch.events.length} events (batch ${batch.batchId})`);
      return false;
    } catch (error) {
      const retryable = isRetryable(error);
      if (retryable && pending.attempts < this.#maxAttempts && !this.#closing) {
        this.#logger.warn(
          `event batch ${batch.batchId} to ${this.#sink.name} failed (attempt ${pending.attempts}), retrying: ${messageOf(error)}`,
        );
        return true;
      }
      const why = retryable
        ? `gave up after ${pending.attempts} attempt${pending.attempts === 1 ? "" : "s"}`
        : "refused, not retried";
      this.#drop(
        batch.events.length,
        `event batch ${batch.batchId} (${batch.events.length} events) to ${this.#sink.name}: ${messageOf(error)}; ${why}`,
        error,
      );
      return false;
    }
  }

  /** Waits out a backoff delay; close() cuts it short. */
  #sleep(ms: number): Promise<void> {
    if (this.#closing) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const cancel = this.#scheduler.setTimeout(wake, ms);
      const self = this;
      function wake(): void {
        cancel?.();
        self.#wakeRetry = undefined;
        resolve();
      }
      this.#wakeRetry = wake;
    });
  }

  #onPageHide(): void {
    try {
      if (typeof this.#sink.sendBeacon !== "function") {
        void this.flush();
        return;
      }
      // The batch in flight goes again under its own id: the server stores a batch id once.
      if (this.#current) this.#sink.sendBeacon(this.#current.batch);
      while (this.#buffer.size > 0) {
        const events = this.#buffer.peek(this.#beaconBatchSize);
        if (!this.#sink.sendBeacon(this.#batchOf(events))) break;
        this.#buffer.discard(events.length);
        this.#settle(events.length);
      }
      // Whatever the beacon could not take still goes by fetch, if the page lives long enough.
      if (this.#buffer.size > 0) this.#makeDue(this.#recorded);
    } catch (error) {
      this.#internalError("sending events on page hide", error);
    }
  }

  #batchOf(events: SdkEvent[]): EventBatch {
    return { batchId: newBatchId(), sdk: this.#sdk, events };
  }

  #settle(count: number): void {
    this.#settled += count;
    this.#resolveWaiters();
  }

  #resolveWaiters(): void {
    if (this.#waiters.length === 0) return;
    // Waiters whose events left the buffer are done; so is everyone once nothing is left to send.
    const idle = this.#buffer.size === 0 && this.#current === undefined;
    const waiting: FlushWaiter[] = [];
    for (const waiter of this.#waiters) {
      if (idle || this.#settled >= waiter.target) waiter.resolve();
      else waiting.push(waiter);
    }
    this.#waiters = waiting;
  }

  #reportOverflow(): void {
    if (this.#overflowSinceReport === 0) return;
    const count = this.#overflowSinceReport;
    this.#overflowSinceReport = 0;
    this.#report(
      new EventDeliveryError(
        `dropped the ${count} oldest events: the event buffer (${this.#buffer.capacity}) was full while ${this.#sink.name} was slow or unreachable`,
        count,
      ),
    );
  }

  #reject(what: string, problem: string): void {
    this.#dropped++;
    this.#report(new EventDeliveryError(`${what} not recorded: ${problem}`, 1));
  }

  #drop(count: number, message: string, cause: unknown): void {
    this.#dropped += count;
    this.#report(new EventDeliveryError(message, count, { cause }));
  }

  #report(error: EventDeliveryError): void {
    this.#logger.warn(error.message);
    if (!this.#onError) return;
    try {
      this.#onError(error);
    } catch (thrown) {
      this.#logger.error(`the events onError callback threw: ${messageOf(thrown)}`);
    }
  }

  #internalError(where: string, error: unknown): void {
    try {
      this.#logger.error(`events: ${where} failed: ${messageOf(error)}`);
    } catch {
      // A logger that throws must not break the host either.
    }
  }
}

function safeSubscribe(source: PageHideSource, listener: () => void): () => void {
  try {
    const unsubscribe = source(listener);
    return () => {
      try {
        unsubscribe();
      } catch {
        // Nothing to do: the page is going away or the listener was already removed.
      }
    };
  } catch {
    return () => {};
  }
}

function messageOf(error: unknown): string {
  return error instanceof FlagSwitchError || error instanceof Error ? error.message : String(error);
}
