/**
 * GET /sdk/v1/stream: server-sent events of the key's environment (put, patch, delete,
 * heartbeat), resumable with `Last-Event-ID`, bounded per key and per replica.
 */
import type { FastifyRequest } from "fastify";
import { reloadDocument } from "../../documents/document-loader.js";
import { problems } from "../../http/problem.js";
import { defineRoute } from "../../http/route.js";
import { streamRefusal } from "../../http/stream-slots.js";
import { problemSchema } from "../../schemas/resources.js";

export const sdkStreamRoutes = [
  defineRoute({
    method: "GET",
    url: "/sdk/v1/stream",
    operationId: "streamFlagDocument",
    summary:
      "Server-sent events: `put` (whole document) on connect, then `patch` and `delete` (server-side SDK key)",
    description:
      '`event: put` data = the document. `event: patch` data = `{ kind: "flag"|"segment", key, data }` (apply when data.version is newer). `event: delete` data = `{ kind, key, version }`. The last event of each document version carries `id: <version>`. Reconnecting — to this server or another replica — with `Last-Event-ID: <version>` sends only what changed since that version (nothing when current), or a whole `put` when the server cannot tell. A `:` comment line every 15 s is the heartbeat.',
    tags: ["sdk"],
    access: { kind: "sdk", keys: ["server"] },
    responses: {
      200: { description: "An event stream", contentType: "text/event-stream" },
      429: { description: "Too many open streams for this key", schema: problemSchema },
      503: {
        description:
          "The environment's document is not loaded, or this replica holds its most streams",
        schema: problemSchema,
      },
    },
    async handler({ request, reply, services, sdk }) {
      const refusal = streamRefusal(services.sseHub.slots, sdk.keyId, "key");
      if (refusal) throw refusal;
      const lastEventId = readLastEventId(request);
      let published = services.cache.get(sdk.environmentId);
      if (published && lastEventId !== undefined && lastEventId > published.version) {
        // The client saw a newer version (on another replica) than this one holds: catch up
        // from the database first. If it is down, the stream starts from what is here.
        try {
          await reloadDocument(services.db, services.cache, sdk.environmentId, -1, null);
        } catch (error) {
          request.log.warn({ err: error }, "catching up before a resumed stream failed");
        }
        published = services.cache.get(sdk.environmentId);
      }
      if (!published)
        throw problems.unavailable("this environment's flag document is not available yet; retry");
      reply.hijack();
      services.sseHub.open(
        { environmentId: sdk.environmentId, keyId: sdk.keyId, response: reply.raw },
        published,
        lastEventId,
      );
    },
  }),
];

/** A document version from `Last-Event-ID`; anything else is ignored (the stream starts whole). */
function readLastEventId(request: FastifyRequest): number | undefined {
  const header = request.headers["last-event-id"];
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || !/^\d{1,15}$/.test(value.trim())) return undefined;
  return Number(value.trim());
}
