/**
 * Typed errors. The SDK never throws them into the host application: they reach it through
 * `client.on("error", listener)` and the logger, so an outage is visible without being fatal.
 */

/** Every error the SDK reports; `code` is stable and safe to branch on. */
export class FlagSwitchError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** The server could not be reached, or answered with a 5xx or an unexpected status. */
export class NetworkError extends FlagSwitchError {
  readonly url: string;
  readonly status: number | undefined;
  constructor(url: string, message: string, status?: number, options?: { cause?: unknown }) {
    super("NETWORK", `${url}: ${message}`, options);
    this.url = url;
    this.status = status;
  }
}

/** 401 or 403: the key is wrong or revoked. Sources stop; retrying would not help. */
export class AuthenticationError extends FlagSwitchError {
  readonly url: string;
  readonly status: number;
  constructor(url: string, status: number) {
    super(
      "AUTHENTICATION",
      `${url}: the server refused the SDK key (HTTP ${status}); check the key and its environment`,
    );
    this.url = url;
    this.status = status;
  }
}

/** A document or stream change that failed validation; the last good document stays in use. */
export class InvalidDocumentError extends FlagSwitchError {
  readonly origin: string;
  readonly problems: readonly { path: string; message: string }[];
  constructor(origin: string, problems: readonly { path: string; message: string }[]) {
    const first = problems
      .slice(0, 3)
      .map((p) => `${p.path || "/"}: ${p.message}`)
      .join("; ");
    super("INVALID_DOCUMENT", `${origin}: rejected an invalid flag document or change (${first})`);
    this.origin = origin;
    this.problems = problems;
  }
}

/** The persistent cache could not be read or written. */
export class CacheError extends FlagSwitchError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("CACHE", message, options);
  }
}

/** Events could not be delivered; `dropped` counts the events given up on. */
export class EventDeliveryError extends FlagSwitchError {
  readonly dropped: number;
  constructor(message: string, dropped: number, options?: { cause?: unknown }) {
    super("EVENT_DELIVERY", message, options);
    this.dropped = dropped;
  }
}

/** Turns anything thrown by foreign code into a FlagSwitchError naming where it happened. */
export function asFlagSwitchError(where: string, error: unknown): FlagSwitchError {
  if (error instanceof FlagSwitchError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new FlagSwitchError("INTERNAL", `${where}: ${message}`, { cause: error });
}
