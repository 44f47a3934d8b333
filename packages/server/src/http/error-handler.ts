/** Every error leaves as application/problem+json: ours as they are, Fastify's mapped, the rest a 500. */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { isDatabaseUnavailable } from "../db/availability.js";
import { Problem, problems } from "./problem.js";

export function installProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | Problem, request, reply) => {
    if (!(error instanceof Problem) && isDatabaseUnavailable(error)) {
      request.log.warn(`request failed: the database is unavailable (${error.message})`);
      sendProblem(request, reply, databaseUnavailable());
      return;
    }
    const problem = toProblem(error);
    if (problem.status >= 500) request.log.error({ err: error }, "request failed");
    sendProblem(request, reply, problem);
  });
  app.setNotFoundHandler((request, reply) => {
    sendProblem(
      request,
      reply,
      problems.notFound(`no route ${request.method} ${request.url.split("?")[0]}`),
    );
  });
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, problem: Problem): void {
  for (const [name, value] of Object.entries(problem.headers)) reply.header(name, value);
  reply
    .code(problem.status)
    .type("application/problem+json; charset=utf-8")
    .send(JSON.stringify(problem.toBody(request.url.split("?")[0])));
}

function toProblem(error: FastifyError | Problem): Problem {
  if (error instanceof Problem) return error;
  switch (error.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return problems.payloadTooLarge("the request body is larger than this endpoint accepts");
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return new Problem(
        415,
        "unsupported-media-type",
        "Unsupported media type",
        "send the body as application/json",
        [{ field: "Content-Type", pointer: "", in: "header", message: "must be application/json" }],
      );
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return problems.validation(
        [
          {
            field: "",
            pointer: "",
            in: "body",
            message: "the body is empty but Content-Type says JSON",
          },
        ],
        "the body is empty but Content-Type says JSON",
      );
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return problems.validation([
        { field: "Content-Length", pointer: "", in: "header", message: "does not match the body" },
      ]);
  }
  if (error instanceof SyntaxError || error.code === "FST_ERR_CTP_INVALID_JSON_BODY") {
    return problems.validation([
      {
        field: "",
        pointer: "",
        in: "body",
        message: `the body is not valid JSON: ${error.message}`,
      },
    ]);
  }
  const status = typeof error.statusCode === "number" ? error.statusCode : 500;
  if (status >= 400 && status < 500) {
    return new Problem(status, "request-error", "Bad request", error.message);
  }
  return new Problem(
    500,
    "internal",
    "Internal server error",
    "the server failed to answer this request; see its log",
  );
}

/**
 * The database cannot be reached (or is shutting down): every write is one transaction, so
 * nothing of this request was kept; SDK reads keep being served from memory meanwhile.
 */
function databaseUnavailable(): Problem {
  return new Problem(
    503,
    "database-unavailable",
    "Database unavailable",
    "the database is unavailable, so nothing was changed; retry shortly (SDK endpoints keep serving the last flags)",
    [],
    { "retry-after": "2" },
  );
}
