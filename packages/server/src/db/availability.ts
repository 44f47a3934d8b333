/**
 * Tells "the database is unreachable or refusing work right now" apart from a bug: the first is
 * a 503 the caller may retry (nothing was written: every write is one transaction), the second
 * a 500. Covers PostgreSQL connection failures and shutdowns, and SQLite's locked or failing file.
 */

/** PostgreSQL SQLSTATE classes and codes that mean "not now", not "wrong". */
const POSTGRES_UNAVAILABLE_CODES = new Set([
  "57P01", // admin_shutdown: the server is stopping
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now: starting up or shutting down
  "53300", // too_many_connections
  "40001", // serialization_failure
  "40P01", // deadlock_detected
]);

const SOCKET_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

const SQLITE_UNAVAILABLE_CODES = new Set([
  "SQLITE_BUSY",
  "SQLITE_LOCKED",
  "SQLITE_IOERR",
  "SQLITE_FULL",
  "SQLITE_CANTOPEN",
  "SQLITE_READONLY",
]);

/** Messages of node-postgres for a connection that died or never came. */
const POSTGRES_CONNECTION_MESSAGES = [
  "Connection terminated",
  "connection timeout",
  "timeout exceeded when trying to connect",
  "Client has encountered a connection error",
  "the database system is",
];

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth += 1) {
    const { code, message, cause } = current as {
      code?: unknown;
      message?: unknown;
      cause?: unknown;
    };
    if (typeof code === "string") {
      if (POSTGRES_UNAVAILABLE_CODES.has(code) || code.startsWith("08")) return true;
      if (SOCKET_CODES.has(code)) return true;
      if ([...SQLITE_UNAVAILABLE_CODES].some((prefix) => code.startsWith(prefix))) return true;
    }
    if (typeof message === "string") {
      if (POSTGRES_CONNECTION_MESSAGES.some((text) => message.includes(text))) return true;
    }
    // AggregateError (a failed connect to several addresses) and wrapped causes.
    const inner = (current as { errors?: unknown[] }).errors;
    if (Array.isArray(inner) && inner.some((item) => isDatabaseUnavailable(item))) return true;
    current = cause;
  }
  return false;
}
