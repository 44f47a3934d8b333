/**
 * The client's status and its `ready()` promises. `ready` (a document from a server or a file)
 * beats `cached` beats `bootstrap`; `failed` means nothing arrived in time. Waiters resolve on the
 * first `ready`, when every live source has given up, or at their timeout — never rejecting.
 */
import type { ClientStatus } from "./client-types.js";
import type { Cancel, Scheduler } from "./scheduler.js";

type Status = ClientStatus | "initializing";

const RANK: Record<Status, number> = {
  initializing: 0,
  failed: 1,
  bootstrap: 2,
  cached: 3,
  ready: 4,
};

interface Waiter {
  resolve(status: ClientStatus): void;
  cancel: Cancel;
}

export class Readiness {
  #status: Status = "initializing";
  #settled = false;
  readonly #waiters = new Set<Waiter>();

  constructor(private readonly scheduler: Scheduler) {}

  get status(): Status {
    return this.#status;
  }

  /** A document arrived from a source of this kind; the status only ever improves. */
  reached(status: "ready" | "cached" | "bootstrap"): void {
    if (RANK[status] > RANK[this.#status]) this.#status = status;
    if (status === "ready") this.settle();
  }

  /** Nothing better will come (every live source gave up, or the client closed). */
  settle(): void {
    this.#settled = true;
    if (this.#status === "initializing") this.#status = "failed";
    for (const waiter of this.#waiters) {
      waiter.cancel();
      waiter.resolve(this.#status as ClientStatus);
    }
    this.#waiters.clear();
  }

  wait(timeoutMs: number): Promise<ClientStatus> {
    if (this.#settled && this.#status !== "initializing") {
      return Promise.resolve(this.#status as ClientStatus);
    }
    return new Promise<ClientStatus>((resolve) => {
      const waiter: Waiter = {
        resolve,
        // Kept alive: `await client.ready()` in a script must resolve even when nothing else
        // holds the process open. close() settles every waiter and cancels this timer.
        cancel: this.scheduler.setTimeout(
          () => {
            this.#waiters.delete(waiter);
            if (this.#status === "initializing") this.#status = "failed";
            resolve(this.#status as ClientStatus);
          },
          timeoutMs,
          { keepAlive: true },
        ),
      };
      this.#waiters.add(waiter);
    });
  }
}
