/** GET /sdk/v1/stream: server-sent events of the key's environment (put, patch, delete, heartbeat). */
import { problems } from "../../http/problem.js";
import { defineRoute } from "../../http/route.js";
import { problemSchema } from "../../schemas/resources.js";

export const sdkStreamRoutes = [
  defineRoute({
    method: "GET",
    url: "/sdk/v1/stream",
    operationId: "streamFlagDocument",
    summary:
      "Server-sent events: `put` (whole document) on connect, then `patch` and `delete` (server-side SDK key)",
    description:
      '`event: put` data = the document. `event: patch` data = `{ kind: "flag"|"segment", key, data }` (apply when data.version is newer). `event: delete` data = `{ kind, key, version }`. Every event\'s `id` is the environment\'s document version. A `:` comment line every 15 s is the heartbeat.',
    tags: ["sdk"],
    access: { kind: "sdk", keys: ["server"] },
    responses: {
      200: { description: "An event stream", contentType: "text/event-stream" },
      503: { description: "The environment's document is not loaded", schema: problemSchema },
    },
    async handler({ reply, services, sdk }) {
      const published = services.cache.get(sdk.environmentId);
      if (!published)
        throw problems.unavailable("this environment's flag document is not available yet; retry");
      reply.hijack();
      services.sseHub.open(
        { environmentId: sdk.environmentId, keyId: sdk.keyId, response: reply.raw },
        published,
      );
    },
  }),
];
