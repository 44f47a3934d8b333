/**
 * /api/v1/keys: admin tokens (roles reader/writer/admin, global or per project) and SDK keys
 * (server-side or client-side, per environment). Secrets are shown once, on creation and rotation.
 */
import { z } from "zod";
import type { AdminPrincipal } from "../../auth/principal.js";
import { ROLES } from "../../auth/roles.js";
import { decodeCursor, toPage } from "../../db/cursor.js";
import type { ApiKeyWithScope } from "../../db/repositories/api-keys.js";
import { findApiKey, listApiKeys } from "../../db/repositories/api-keys.js";
import { findEnvironment } from "../../db/repositories/environments.js";
import { findProjectByKey } from "../../db/repositories/projects.js";
import { createApiKey, expireKeyLater, revokeKey } from "../../domain/key-writes.js";
import { presentApiKey } from "../../domain/presenters.js";
import type { WriteUnit } from "../../domain/write-unit.js";
import { bodyError, problems } from "../../http/problem.js";
import { defineRoute } from "../../http/route.js";
import {
  comment,
  commentOnlyBody,
  displayName,
  paginationQuery,
  queryBoolean,
  resourceKey,
} from "../../schemas/common.js";
import {
  apiKeySchema,
  createdApiKeySchema,
  pageOf,
  problemSchema,
} from "../../schemas/resources.js";

const tags = ["keys"];
const access = { kind: "admin", role: "admin", scope: "any" } as const;
const keyParams = z.object({ id: z.string().regex(/^[0-9a-fx]{16}$/, "not a key id") });
const notFound = { 404: { description: "No such key", schema: problemSchema } };

const createBody = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("admin"),
    name: displayName,
    role: z.enum(ROLES),
    project: resourceKey.optional(),
    comment,
  }),
  z.strictObject({
    kind: z.enum(["server", "client"]),
    name: displayName,
    project: resourceKey,
    environment: resourceKey,
    comment,
  }),
]);

/** A project-scoped admin manages only its own project's keys; a key it cannot see is "not found". */
async function requireVisibleKey(
  unit: WriteUnit | undefined,
  db: Parameters<typeof findApiKey>[0],
  admin: AdminPrincipal,
  id: string,
): Promise<ApiKeyWithScope> {
  const key = await findApiKey(unit?.tx ?? db, id);
  if (!key || (admin.projectKey !== null && key.project_key !== admin.projectKey)) {
    throw problems.notFound(`key "${id}" does not exist`);
  }
  return key;
}

export const keyRoutes = [
  defineRoute({
    method: "GET",
    url: "/api/v1/keys",
    operationId: "listKeys",
    summary: "List admin tokens and SDK keys (never their secrets)",
    tags,
    access,
    query: paginationQuery.extend({
      kind: z.enum(["admin", "server", "client"]).optional(),
      project: resourceKey.optional(),
      environment: resourceKey.optional(),
      includeRevoked: queryBoolean.optional(),
    }),
    responses: { 200: { description: "A page of keys", schema: pageOf(apiKeySchema) } },
    async handler({ services, query, admin }) {
      const projectKey = admin.projectKey ?? query.project;
      const project = projectKey ? await findProjectByKey(services.db, projectKey) : undefined;
      if (projectKey && !project) return { items: [], nextCursor: null };
      const environment =
        project && query.environment
          ? await findEnvironment(services.db, project.id, query.environment)
          : undefined;
      if (query.environment && !environment) return { items: [], nextCursor: null };
      const rows = await listApiKeys(services.db, {
        limit: query.limit,
        after: decodeCursor<string>(query.cursor, "string"),
        kind: query.kind,
        projectId: project?.id,
        environmentId: environment?.id,
        includeRevoked: query.includeRevoked ?? false,
      });
      return toPage(rows, query.limit, (row) => row.id, presentApiKey);
    },
  }),

  defineRoute({
    method: "POST",
    url: "/api/v1/keys",
    operationId: "createKey",
    summary: "Create an admin token or an SDK key; the answer holds its secret, shown this once",
    tags,
    access,
    write: true,
    body: createBody,
    responses: {
      201: { description: "Created (with `secret`)", schema: createdApiKeySchema },
      400: { description: "Invalid input", schema: problemSchema },
      403: { description: "Outside the caller's project", schema: problemSchema },
      422: { description: "Unknown project or environment", schema: problemSchema },
    },
    async handler({ body, admin, write }) {
      if (admin.projectKey !== null && body.project !== admin.projectKey) {
        throw problems.forbidden(
          `the token "${admin.name}" may only create keys for project "${admin.projectKey}"`,
        );
      }
      return write(async (unit) => {
        const project = body.project ? await findProjectByKey(unit.tx, body.project) : undefined;
        if (body.project && !project) {
          throw problems.unprocessable("unknown-project", `no project "${body.project}"`, [
            bodyError("/project", "no such project"),
          ]);
        }
        if (body.kind === "admin") {
          return {
            status: 201,
            body: await createApiKey(unit, {
              kind: "admin",
              name: body.name,
              role: body.role,
              project,
            }),
          };
        }
        const environment = project
          ? await findEnvironment(unit.tx, project.id, body.environment)
          : undefined;
        if (!environment) {
          throw problems.unprocessable(
            "unknown-environment",
            `no environment "${body.environment}" in project "${body.project}"`,
            [bodyError("/environment", "no such environment")],
          );
        }
        return {
          status: 201,
          body: await createApiKey(unit, {
            kind: body.kind,
            name: body.name,
            project,
            environment,
          }),
        };
      });
    },
  }),

  defineRoute({
    method: "GET",
    url: "/api/v1/keys/:id",
    operationId: "getKey",
    summary: "Get a key's description (never its secret)",
    tags,
    access,
    params: keyParams,
    responses: { 200: { description: "The key", schema: apiKeySchema }, ...notFound },
    async handler({ services, params, admin }) {
      return presentApiKey(await requireVisibleKey(undefined, services.db, admin, params.id));
    },
  }),

  defineRoute({
    method: "DELETE",
    url: "/api/v1/keys/:id",
    operationId: "revokeKey",
    summary: "Revoke a key at once (open SDK streams using it are closed)",
    tags,
    access,
    write: true,
    params: keyParams,
    body: commentOnlyBody,
    responses: { 200: { description: "The revoked key", schema: apiKeySchema }, ...notFound },
    async handler({ services, params, admin, write }) {
      return write(async (unit) => {
        const key = await requireVisibleKey(unit, services.db, admin, params.id);
        if (key.revoked_at !== null) return { status: 200, body: presentApiKey(key) };
        return { status: 200, body: await revokeKey(unit, key) };
      });
    },
  }),

  defineRoute({
    method: "POST",
    url: "/api/v1/keys/:id/rotate",
    operationId: "rotateKey",
    summary:
      "Replace a key with a new one of the same kind and scope; the old one stops now or after a grace period",
    tags,
    access,
    write: true,
    params: keyParams,
    body: z
      .strictObject({
        gracePeriodSeconds: z
          .number()
          .int()
          .min(0)
          .max(7 * 24 * 3600)
          .optional(),
        comment,
      })
      .optional(),
    responses: {
      201: { description: "The new key (with `secret`)", schema: createdApiKeySchema },
      ...notFound,
    },
    async handler({ services, params, body, admin, write }) {
      return write(async (unit) => {
        const key = await requireVisibleKey(unit, services.db, admin, params.id);
        if (key.revoked_at !== null)
          throw problems.conflict(`key "${key.id}" is revoked; create a new one instead`);
        const project = key.project_key
          ? await findProjectByKey(unit.tx, key.project_key)
          : undefined;
        const environment =
          project && key.environment_key
            ? await findEnvironment(unit.tx, project.id, key.environment_key)
            : undefined;
        const created = await createApiKey(unit, {
          kind: key.kind as "admin" | "server" | "client",
          name: key.name,
          role: (key.role ?? undefined) as "reader" | "writer" | "admin" | undefined,
          project,
          environment,
        });
        const grace = body?.gracePeriodSeconds ?? 0;
        if (grace === 0) await revokeKey(unit, key, "key.rotate");
        else
          await expireKeyLater(
            unit,
            key,
            new Date(Date.parse(unit.now) + grace * 1000).toISOString(),
          );
        return { status: 201, body: created };
      });
    },
  }),
];
