/**
 * Route definitions: one object per endpoint holds its zod schemas, access rule, OpenAPI text and
 * handler. The same definitions register the Fastify routes (validating every input with zod,
 * answering problems that name the field) and generate the OpenAPI document.
 */
import { createHash } from "node:crypto";
import { decode as decodeMsgpack } from "@msgpack/msgpack";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { z } from "zod";
import { type Access, authorizeAdmin, authorizeSdk } from "../auth/access.js";
import { authenticate } from "../auth/authenticate.js";
import { type AdminPrincipal, actorOf, type SdkPrincipal } from "../auth/principal.js";
import type { WriteUnit } from "../domain/write-unit.js";
import type { WriteResult } from "../domain/writer.js";
import type { Services } from "../services.js";
import { type IfMatch, parseIfMatch } from "./preconditions.js";
import { problems } from "./problem.js";
import { parseInput } from "./validation.js";

export type HttpMethod = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  /** Defaults to application/json. */
  contentType?: string;
}

export interface RouteContext<P, Q, B> {
  request: FastifyRequest;
  reply: FastifyReply;
  params: P;
  query: Q;
  body: B;
  services: Services;
  /** The caller, for admin routes (throws on other routes). */
  readonly admin: AdminPrincipal;
  /** The caller, for SDK routes (throws on other routes). */
  readonly sdk: SdkPrincipal;
  ifMatch: IfMatch;
  /** Runs an admin write: transaction, audit, validation, idempotency, publication. */
  write<T>(work: (unit: WriteUnit) => Promise<WriteResult<T>>): Promise<T>;
}

export interface RouteDefinition<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
> {
  method: HttpMethod;
  /** Fastify path syntax, e.g. `/api/v1/projects/:project`. */
  url: string;
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  access: Access;
  params?: P;
  query?: Q;
  body?: B;
  /** Write routes document and honour `If-Match` and `Idempotency-Key`. */
  write?: boolean;
  /** Browsers may call it from any origin (keys travel in headers, never cookies). */
  cors?: boolean;
  /** Also accept a JSON body sent as text/plain (navigator.sendBeacon). */
  plainTextJson?: boolean;
  /** Also accept the body as MessagePack (`application/msgpack`), which SDKs may send. */
  msgpackBody?: boolean;
  bodyLimit?: number;
  responses: Record<number, ResponseSpec>;
  handler(context: RouteContext<z.output<P>, z.output<Q>, z.output<B>>): Promise<unknown>;
}

/** Keeps each definition's type parameters while collecting them in one list. */
export function defineRoute<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(
  definition: RouteDefinition<P, Q, B>,
): RouteDefinition {
  return definition as unknown as RouteDefinition;
}

export function registerRoute(
  app: FastifyInstance,
  services: Services,
  route: RouteDefinition,
): void {
  if (route.plainTextJson || route.msgpackBody) {
    // Encapsulated: only this route reads these content types.
    app.register(async (scope) => {
      if (route.plainTextJson) {
        scope.addContentTypeParser("text/plain", { parseAs: "string" }, (_request, text, done) => {
          parseBody(() => JSON.parse(text as string), "JSON", done);
        });
      }
      if (route.msgpackBody) {
        scope.addContentTypeParser(
          ["application/msgpack", "application/x-msgpack"],
          { parseAs: "buffer" },
          (_request, bytes, done) =>
            parseBody(() => decodeMsgpack(bytes as Buffer), "MessagePack", done),
        );
      }
      addRoute(scope, services, route);
    });
  } else {
    addRoute(app, services, route);
  }
  if (route.cors) {
    app.options(route.url, async (_request, reply) => {
      setCorsHeaders(reply);
      reply
        .header("access-control-allow-methods", `${route.method}, OPTIONS`)
        .header("access-control-allow-headers", "authorization, content-type")
        .header("access-control-max-age", "86400");
      return reply.code(204).send();
    });
  }
}

/** Runs a body decoder; a failure is a 400 problem naming the body, never a 500. */
function parseBody(
  decode: () => unknown,
  format: string,
  done: (error: Error | null, body?: unknown) => void,
): void {
  let body: unknown;
  try {
    body = decode();
  } catch {
    done(
      problems.validation([
        { field: "", pointer: "", in: "body", message: `the body is not valid ${format}` },
      ]),
      undefined,
    );
    return;
  }
  done(null, body);
}

function setCorsHeaders(reply: FastifyReply): void {
  reply
    .header("access-control-allow-origin", "*")
    .header("access-control-expose-headers", "etag, retry-after");
}

function addRoute(app: FastifyInstance, services: Services, route: RouteDefinition): void {
  app.route({
    method: route.method,
    url: route.url,
    ...(route.bodyLimit !== undefined ? { bodyLimit: route.bodyLimit } : {}),
    // Set before the body is read, so even a 413 or a parse error is readable by the browser.
    ...(route.cors
      ? {
          onRequest: async (_request: FastifyRequest, reply: FastifyReply) => setCorsHeaders(reply),
        }
      : {}),
    handler: async (request, reply) => {
      const principal =
        route.access.kind === "public"
          ? undefined
          : authenticate(request, services.keyRing, services.failedAuth, {
              allowClientKeyInQuery:
                route.access.kind === "sdk" && route.access.clientKeyInQuery === true,
            });
      // Authorise before reading any input: a caller without access learns nothing from it.
      let admin: AdminPrincipal | undefined;
      let sdk: SdkPrincipal | undefined;
      if (principal && route.access.kind === "admin") {
        const project = (request.params as { project?: string } | undefined)?.project;
        admin = authorizeAdmin(principal, route.access, project);
      } else if (principal && route.access.kind === "sdk") {
        sdk = authorizeSdk(principal, route.access);
      }
      const params = route.params ? parseInput(route.params, request.params, "path") : {};
      const query = route.query ? parseInput(route.query, request.query ?? {}, "query") : {};
      const body = route.body ? parseInput(route.body, request.body, "body") : undefined;
      const ifMatch = route.write ? parseIfMatch(request.headers["if-match"]) : undefined;
      const context: RouteContext<unknown, unknown, unknown> = {
        request,
        reply,
        params,
        query,
        body,
        services,
        ifMatch,
        get admin(): AdminPrincipal {
          if (!admin) throw new Error(`${route.operationId} is not an admin route`);
          return admin;
        },
        get sdk(): SdkPrincipal {
          if (!sdk) throw new Error(`${route.operationId} is not an SDK route`);
          return sdk;
        },
        write: (work) => runWrite(context, route, work),
      };
      return route.handler(context as RouteContext<never, never, never>);
    },
  });
}

async function runWrite<T>(
  context: RouteContext<unknown, unknown, unknown>,
  route: RouteDefinition,
  work: (unit: WriteUnit) => Promise<WriteResult<T>>,
): Promise<T> {
  const { request, reply, services } = context;
  const idempotencyKey = readIdempotencyKey(request.headers["idempotency-key"]);
  const comment = (context.body as { comment?: unknown } | undefined)?.comment;
  const outcome = await services.writer.run(
    {
      actor: actorOf(context.admin),
      requestId: request.id,
      comment: typeof comment === "string" ? comment : undefined,
      idempotency: idempotencyKey
        ? { key: idempotencyKey, fingerprint: fingerprint(route, request) }
        : undefined,
    },
    work,
  );
  reply.code(outcome.status);
  if (outcome.replayed) reply.header("idempotent-replayed", "true");
  if (outcome.status === 204) {
    await reply.send();
    return undefined as T;
  }
  const version = (outcome.body as { version?: unknown } | null)?.version;
  if (typeof version === "number") reply.header("etag", `"${version}"`);
  return outcome.body;
}

function readIdempotencyKey(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || !/^[\x21-\x7e]{1,255}$/.test(value)) {
    throw problems.validation([
      {
        field: "Idempotency-Key",
        pointer: "",
        in: "header",
        message: "must be 1–255 visible ASCII characters (a UUID is a good choice)",
      },
    ]);
  }
  return value;
}

/** Same key + different request = misuse; the fingerprint tells them apart. */
function fingerprint(route: RouteDefinition, request: FastifyRequest): string {
  return createHash("sha256")
    .update(`${route.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`)
    .digest("hex");
}
