/**
 * Optimistic concurrency: resources carry a version, sent as `ETag: "<version>"`; a write with
 * `If-Match: "<version>"` (quotes optional, `*` matches anything) is refused with 412 when the
 * resource has moved on.
 */
import { problems } from "./problem.js";

export type IfMatch = number | "*" | undefined;

export function parseIfMatch(header: string | string[] | undefined): IfMatch {
  if (header === undefined) return undefined;
  const value = (Array.isArray(header) ? header.join(",") : header).trim();
  if (value === "*") return "*";
  const match = /^(?:W\/)?"?(\d{1,15})"?$/.exec(value);
  if (!match) {
    throw problems.validation([
      {
        field: "If-Match",
        pointer: "",
        in: "header",
        message: `expected a resource version such as "3" (from the ETag header), got ${JSON.stringify(value)}`,
      },
    ]);
  }
  return Number(match[1]);
}

export function assertVersionMatches(ifMatch: IfMatch, current: number, what: string): void {
  if (ifMatch === undefined || ifMatch === "*") return;
  if (ifMatch !== current) {
    throw problems.preconditionFailed(
      `${what} is at version ${current}, not ${ifMatch}: reload it and apply your change again`,
    );
  }
}

export function etagOf(version: number): string {
  return `"${version}"`;
}
