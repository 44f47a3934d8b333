/**
 * Opaque pagination cursors: the sort position of the last item returned, base64url-encoded
 * JSON. A cursor that does not decode is a validation error on the `cursor` query parameter.
 */
import { problems } from "../http/problem.js";

export interface Page<T> {
  items: T[];
  /** Pass as `cursor` to get the next page; `null` on the last page. */
  nextCursor: string | null;
}

export function encodeCursor(position: string | number): string {
  return Buffer.from(JSON.stringify({ after: position }), "utf8").toString("base64url");
}

export function decodeCursor<T extends string | number>(
  cursor: string | undefined,
  kind: "string" | "number",
): T | undefined {
  if (cursor === undefined) return undefined;
  try {
    const decoded = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as {
      after?: unknown;
    };
    if (typeof decoded.after === kind) return decoded.after as T;
  } catch {
    // fall through to the validation problem below
  }
  throw problems.validation([
    {
      field: "cursor",
      pointer: "/cursor",
      in: "query",
      message: "not a cursor returned by this API",
    },
  ]);
}

/** Cuts one extra fetched row off and derives the next cursor from the last kept item. */
export function toPage<R, T>(
  rows: R[],
  limit: number,
  position: (row: R) => string | number,
  map: (row: R) => T,
): Page<T> {
  const hasMore = rows.length > limit;
  const kept = hasMore ? rows.slice(0, limit) : rows;
  const last = kept[kept.length - 1];
  return {
    items: kept.map(map),
    nextCursor: hasMore && last !== undefined ? encodeCursor(position(last)) : null,
  };
}
