/**
 * GET /api/v1/changes/stream: server-sent events, one per committed write, for dashboards that
 * show other people's changes live. The admin token travels in the `Authorization` header (a
 * browser reads the stream with fetch, not EventSource, which cannot set headers): never in a URL.
 */
import type { FastifyRequest } from "fastify";
import { latestAuditEntryId } from "../../db/repositories/audit-tail.js";
import { AdminChangeStream } from "../../documents/admin-change-stream.js";
import { defineRoute } from "../../http/route.js";

/** How often a stream also reads the log unprompted: writes that change no flag document. */
export const CHANGE_STREAM_SWEEP_MS = 2000;
/** Concurrent PostgreSQL writes commit their audit ids out of order within about this many. */
const LATE_COMMIT_LOOKBACK = 64;

export const changeStreamRoutes = [
  defineRoute({
    method: "GET",
    url: "/api/v1/changes/stream",
    operationId: "streamChanges",
    summary: "Server-sent events: one `change` per committed write (admin token)",
    description:
      "`event: ready` data = `{ after }` once the stream follows the log. Then `event: change` with `id: <audit entry id>` and data = `{ id, at, kind, action, key, project, environment, flag, version, actor: { id, name } }` — `kind` is the resource (`flag`, `segment`, `experiment`, `environment`, `project`, `key` …), `version` the resource's version after the write (`null` when it has none). Flag and segment writes arrive at once, on every replica; writes that change no flag document within 2 s. Reconnect with `Last-Event-ID: <id>` to get every change after it. A project-scoped token sees its project's changes only. A `:` comment line every heartbeat; the stream ends when the token is revoked.",
    tags: ["audit"],
    access: { kind: "admin", role: "reader", scope: "any" },
    responses: {
      200: { description: "An event stream", contentType: "text/event-stream" },
    },
    async handler({ request, reply, services, admin }) {
      const after = readLastEventId(request) ?? (await latestAuditEntryId(services.db));
      reply.hijack();
      new AdminChangeStream({
        db: services.db,
        cache: services.cache,
        keyRing: services.keyRing,
        feed: services.feed,
        principal: admin,
        response: reply.raw,
        after,
        lateCommitLookback: services.dialect === "postgres" ? LATE_COMMIT_LOOKBACK : 0,
        heartbeatMs: services.config.heartbeatMs,
        sweepMs: CHANGE_STREAM_SWEEP_MS,
        maxBufferedBytes: services.config.sseMaxBufferedBytes,
        logger: request.log,
      }).start();
    },
  }),
];

/** An audit id from `Last-Event-ID`; anything else is ignored (the stream starts from now). */
function readLastEventId(request: FastifyRequest): number | undefined {
  const header = request.headers["last-event-id"];
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || !/^\d{1,15}$/.test(value.trim())) return undefined;
  return Number(value.trim());
}
