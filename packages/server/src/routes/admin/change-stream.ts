/**
 * GET /api/v1/changes/stream: server-sent events, one per committed write, for dashboards that
 * show other people's changes live. The admin token travels in the `Authorization` header (a
 * browser reads the stream with fetch, not EventSource, which cannot set headers): never in a URL.
 */
import type { FastifyRequest } from "fastify";
import { latestAuditEntryId } from "../../db/repositories/audit-tail.js";
import { AdminChangeStream } from "../../documents/admin-change-stream.js";
import { defineRoute } from "../../http/route.js";
import { streamRefusal } from "../../http/stream-slots.js";
import { problemSchema } from "../../schemas/resources.js";

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
      "`event: ready` data = `{ after }` once the stream follows the log. Then `event: change` with `id: <audit entry id>` and data = `{ id, at, kind, action, key, project, environment, flag, version, actor: { id, name } }` — `kind` is the resource (`flag`, `segment`, `experiment`, `environment`, `project`, `key` …), `version` the resource's version after the write (`null` when it has none). Flag and segment writes arrive at once, on every replica; writes that change no flag document within 2 s. Reconnect with `Last-Event-ID: <id>` to get every change after it. A project-scoped token sees its project's changes only. A `:` comment line every heartbeat; the stream ends when the token is revoked. Open streams are bounded per token (429) and per server (503), apart from SDK streams.",
    tags: ["audit"],
    access: { kind: "admin", role: "reader", scope: "any" },
    responses: {
      200: { description: "An event stream", contentType: "text/event-stream" },
      429: { description: "Too many open change streams for this token", schema: problemSchema },
      503: { description: "This server holds its most change streams", schema: problemSchema },
    },
    async handler({ request, reply, services, admin }) {
      const slots = services.adminStreamSlots;
      const refusal = streamRefusal(slots, admin.keyId, "token");
      if (refusal) throw refusal;
      const response = reply.raw;
      // The slot is the stream's from here: given back however the response closes (client
      // gone, token revoked, server closing), or if the stream never starts.
      const release = slots.take(admin.keyId, () => {
        if (!response.writableEnded) response.end();
      });
      response.once("close", release);
      let after: number;
      try {
        after = readLastEventId(request) ?? (await latestAuditEntryId(services.db));
      } catch (error) {
        release();
        throw error;
      }
      reply.hijack();
      new AdminChangeStream({
        db: services.db,
        cache: services.cache,
        keyRing: services.keyRing,
        feed: services.feed,
        principal: admin,
        response,
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
