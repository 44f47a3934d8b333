/** GET /sdk/v1/flags: the environment's whole document for server-side SDKs (polling). */

import { problems } from "../../http/problem.js";
import { defineRoute } from "../../http/route.js";
import { flagDocumentSchema, problemSchema } from "../../schemas/resources.js";
import { acceptsGzip, matchesEtag, preferredFormat } from "./negotiation.js";

export const sdkFlagsRoutes = [
  defineRoute({
    method: "GET",
    url: "/sdk/v1/flags",
    operationId: "getFlagDocument",
    summary: "The flag document of the key's environment (server-side SDK key)",
    description:
      "`ETag` names the document version; `If-None-Match` with it answers 304 while nothing changed. `Accept: application/msgpack` answers MessagePack; `Accept-Encoding: gzip` compresses. Served from memory.",
    tags: ["sdk"],
    access: { kind: "sdk", keys: ["server"] },
    responses: {
      200: { description: "The document", schema: flagDocumentSchema },
      304: { description: "Not modified since the ETag sent in If-None-Match" },
      503: { description: "The environment's document is not loaded", schema: problemSchema },
    },
    async handler({ request, reply, services, sdk }) {
      const published = services.cache.get(sdk.environmentId);
      if (!published)
        throw problems.unavailable("this environment's flag document is not available yet; retry");
      reply.header("etag", published.etag);
      reply.header("vary", "Accept, Accept-Encoding");
      reply.header("cache-control", "private, no-cache");
      if (matchesEtag(request, published.etag)) return reply.code(304).send();
      const format = preferredFormat(request);
      const gzip = acceptsGzip(request);
      reply.header(
        "content-type",
        format === "msgpack" ? "application/msgpack" : "application/json; charset=utf-8",
      );
      if (gzip) reply.header("content-encoding", "gzip");
      return reply.send(published.body(format, gzip));
    },
  }),
];
