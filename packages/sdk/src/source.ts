/**
 * The one interface every transport implements. A source delivers raw payloads — whole
 * documents, patches, deletions — and the client decides, with the core's validator, what is
 * valid. A source never validates and never holds the current document.
 */
import type { Endpoints } from "./endpoints.js";
import type { FlagSwitchError } from "./errors.js";
import type { FetchFunction } from "./http.js";
import type { Logger } from "./logger.js";
import type { Scheduler } from "./scheduler.js";

/** What a source hands its payloads to; the client provides it. */
export interface SourceSink {
  /** A whole document (parsed JSON). Returns whether it was accepted (valid). */
  document(payload: unknown, origin: string): boolean;
  /** One flag or segment changed: `{ kind, key, data }`. Returns whether it was accepted. */
  patch(payload: unknown, origin: string): boolean;
  /** One flag or segment removed: `{ kind, key, version }`. Returns whether it was accepted. */
  delete(payload: unknown, origin: string): boolean;
  /** Something went wrong; the source keeps going unless the error says it cannot. */
  error(error: FlagSwitchError): void;
}

/** What the client shares with its sources: who it is, where the server is, and how to wait. */
export interface SourceEnvironment {
  sdkKey: string;
  endpoints: Endpoints;
  fetch: FetchFunction;
  scheduler: Scheduler;
  logger: Logger;
  /** The poll interval the client was given (sources without their own use it). */
  pollIntervalMs: number;
}

export interface Source {
  /** For logs and error messages: "polling", "streaming", "file", "bootstrap". */
  readonly name: string;
  /**
   * The status a document from this source gives the client: `bootstrap` for documents given in
   * code, `ready` (the default) for documents from a server or a file.
   */
  readonly provides?: "ready" | "bootstrap";
  /** Starts delivering to `sink`. Called once. */
  start(sink: SourceSink, environment: SourceEnvironment): void;
  /** Stops every timer and connection. Idempotent. */
  close(): void;
}
