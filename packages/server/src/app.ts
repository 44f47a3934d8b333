/** Builds the Fastify application around ready services: error mapping, routes, home page. */
import { randomUUID } from "node:crypto";
import Fastify, { type FastifyInstance, LogController } from "fastify";
import type { ServerConfig } from "./config.js";
import { answerClientError } from "./http/client-error.js";
import { installProblemHandlers, sendProblem } from "./http/error-handler.js";
import { Problem } from "./http/problem.js";
import { registerRoute } from "./http/route.js";
import { apiRoutes } from "./routes/index.js";
import { registerSystemRoutes } from "./routes/system.js";
import type { Services } from "./services.js";
import { SERVER_VERSION } from "./version.js";

export function createFastify(config: ServerConfig, logger: boolean | object): FastifyInstance {
  const app = Fastify({
    logger: logger === true ? { level: config.logLevel } : logger,
    logController: new LogController({ disableRequestLogging: !config.logRequests }),
    bodyLimit: config.limits.adminBodyBytes,
    // Slow clients (slowloris) are bounded: headers within headersTimeoutMs, the whole request
    // within requestTimeoutMs (an SSE response may last for ever: only its request is bound),
    // and a connection silent both ways for idleTimeoutMs is closed.
    http: {
      headersTimeout: config.http.headersTimeoutMs,
      // Node checks those deadlines on this period (30 s by default): tighter, or a slow
      // client keeps its socket up to 30 s past its deadline.
      connectionsCheckingInterval: Math.max(
        50,
        Math.min(1000, Math.floor(config.http.headersTimeoutMs / 2)),
      ),
    },
    requestTimeout: config.http.requestTimeoutMs,
    connectionTimeout: config.http.idleTimeoutMs,
    keepAliveTimeout: config.http.keepAliveTimeoutMs,
    clientErrorHandler: answerClientError,
    trustProxy: config.trustProxy,
    // A caller's X-Request-Id (if sane) becomes the audit entries' request id.
    genReqId: (request) => {
      const given = request.headers["x-request-id"];
      return typeof given === "string" && /^[\x21-\x7e]{1,128}$/.test(given) ? given : randomUUID();
    },
    // SSE streams stay open: do not let a shutdown wait for them forever.
    forceCloseConnections: true,
    // Long enough that an over-long key reaches validation and is named there.
    routerOptions: { maxParamLength: 512 },
    // Errors the router raises before any route runs: answered as problems too.
    frameworkErrors: (error, request, reply) => {
      const tooLong = error.code === "FST_ERR_MAX_PARAM_LENGTH";
      sendProblem(
        request,
        reply,
        new Problem(
          tooLong ? 414 : 400,
          tooLong ? "uri-too-long" : "bad-url",
          tooLong ? "URI too long" : "Bad URL",
          error.message,
          [
            {
              field: "url",
              pointer: "",
              in: "path",
              message: tooLong
                ? "a path segment is longer than 512 characters"
                : "the URL cannot be decoded",
            },
          ],
        ),
      );
    },
  });
  // Beyond this many sockets new connections are refused at once (0 = unbounded).
  if (config.http.maxConnections > 0) app.server.maxConnections = config.http.maxConnections;
  return app;
}

export function registerApplication(app: FastifyInstance, services: Services): void {
  installProblemHandlers(app);
  // The API speaks JSON only; the events route adds text/plain back for itself (sendBeacon).
  app.removeContentTypeParser("text/plain");
  app.addHook("onSend", async (request, reply, payload) => {
    reply.header("x-request-id", request.id);
    return payload;
  });
  for (const route of apiRoutes) registerRoute(app, services, route);
  registerSystemRoutes(app, services, apiRoutes, SERVER_VERSION);
}
