/**
 * fetch with one deadline for the whole exchange — headers and body — driven by the scheduler,
 * so neither a hung server nor one that trickles its body forever can hang a source.
 */
import { NetworkError } from "./errors.js";
import type { Scheduler } from "./scheduler.js";

export type FetchFunction = typeof globalThis.fetch;

/** The global fetch, looked up at call time (tests and polyfills may replace it). */
export const globalFetch: FetchFunction = (input, init) => globalThis.fetch(input, init);

/** A response whose deadline keeps running until its body is read or it is released. */
export interface TimedResponse {
  response: Response;
  /** Reads the body to the end before the deadline (a cut-off body is a NetworkError). */
  read(as: "text" | "bytes"): Promise<string | Uint8Array>;
  /** Discards the body and stops the deadline. */
  release(): void;
}

export async function fetchWithTimeout(
  fetchFn: FetchFunction,
  url: string,
  init: RequestInit,
  timeoutMs: number,
  scheduler: Scheduler,
  outer?: AbortSignal,
): Promise<TimedResponse> {
  const controller = new AbortController();
  const abort = () => controller.abort();
  outer?.addEventListener("abort", abort, { once: true });
  let timedOut = false;
  const cancel = scheduler.setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const finish = () => {
    cancel();
    outer?.removeEventListener("abort", abort);
  };
  const failure = (error: unknown, status?: number, prefix = "") =>
    new NetworkError(
      url,
      `${prefix}${timedOut ? `no complete answer within ${timeoutMs} ms` : describe(error)}`,
      status,
      { cause: error },
    );
  let response: Response;
  try {
    response = await fetchFn(url, { ...init, signal: controller.signal });
  } catch (error) {
    finish();
    throw failure(error);
  }
  return {
    response,
    async read(as) {
      try {
        return as === "text" ? await response.text() : new Uint8Array(await response.arrayBuffer());
      } catch (error) {
        throw failure(error, response.status, "body cut off: ");
      } finally {
        finish();
      }
    },
    release() {
      finish();
      void response.body?.cancel().catch(() => {});
    },
  };
}

export function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return cause?.code ?? cause?.message ?? error.message;
  }
  return String(error);
}
