/** /api/v1/projects/:project/environments: development, staging, production, and more on demand. */
import { z } from "zod";
import {
  deleteEnvironment,
  findEnvironment,
  listEnvironments,
  updateEnvironment,
} from "../../db/repositories/environments.js";
import type { EnvironmentRow } from "../../db/schema.js";
import { createEnvironment } from "../../domain/environment-writes.js";
import { requireEnvironment, requireProject } from "../../domain/lookups.js";
import { presentEnvironment } from "../../domain/presenters.js";
import { assertVersionMatches, etagOf } from "../../http/preconditions.js";
import { problems } from "../../http/problem.js";
import { defineRoute } from "../../http/route.js";
import {
  comment,
  commentOnlyBody,
  displayName,
  environmentParams,
  projectParams,
  resourceKey,
} from "../../schemas/common.js";
import { environmentSchema, flagDocumentSchema, problemSchema } from "../../schemas/resources.js";

const tags = ["environments"];
const notFound = { 404: { description: "No such project or environment", schema: problemSchema } };

export const environmentRoutes = [
  defineRoute({
    method: "GET",
    url: "/api/v1/projects/:project/environments",
    operationId: "listEnvironments",
    summary: "List a project's environments",
    tags,
    access: { kind: "admin", role: "reader", scope: "project" },
    params: projectParams,
    responses: {
      200: {
        description: "The environments",
        schema: z.object({ items: z.array(environmentSchema) }),
      },
      ...notFound,
    },
    async handler({ services, params }) {
      const project = await requireProject(services.db, params.project);
      return { items: (await listEnvironments(services.db, project.id)).map(presentEnvironment) };
    },
  }),

  defineRoute({
    method: "POST",
    url: "/api/v1/projects/:project/environments",
    operationId: "createEnvironment",
    summary: "Add an environment; every flag of the project gets a configuration there, off",
    tags,
    access: { kind: "admin", role: "admin", scope: "project" },
    write: true,
    params: projectParams,
    body: z.strictObject({ key: resourceKey, name: displayName.optional(), comment }),
    responses: {
      201: { description: "Created", schema: environmentSchema },
      409: { description: "The key is taken", schema: problemSchema },
      ...notFound,
    },
    async handler({ params, body, write }) {
      return write(async (unit) => {
        const project = await requireProject(unit.tx, params.project);
        if (await findEnvironment(unit.tx, project.id, body.key)) {
          throw problems.conflict(
            `environment "${body.key}" already exists in project "${project.key}"`,
            [{ field: "key", pointer: "/key", in: "body", message: "already taken" }],
          );
        }
        const position = (await listEnvironments(unit.tx, project.id)).length;
        const created = await createEnvironment(unit, project, {
          key: body.key,
          name: body.name ?? body.key,
          position,
        });
        return { status: 201, body: presentEnvironment(created) };
      });
    },
  }),

  defineRoute({
    method: "GET",
    url: "/api/v1/projects/:project/environments/:environment",
    operationId: "getEnvironment",
    summary: "Get an environment",
    tags,
    access: { kind: "admin", role: "reader", scope: "project" },
    params: environmentParams,
    responses: { 200: { description: "The environment", schema: environmentSchema }, ...notFound },
    async handler({ services, params, reply }) {
      const project = await requireProject(services.db, params.project);
      const environment = await requireEnvironment(services.db, project, params.environment);
      reply.header("etag", etagOf(environment.version));
      return presentEnvironment(environment);
    },
  }),

  defineRoute({
    method: "GET",
    url: "/api/v1/projects/:project/environments/:environment/document",
    operationId: "getEnvironmentDocument",
    summary: "The environment's flag document exactly as server-side SDKs receive it",
    tags,
    access: { kind: "admin", role: "reader", scope: "project" },
    params: environmentParams,
    responses: { 200: { description: "The document", schema: flagDocumentSchema }, ...notFound },
    async handler({ services, params, reply }) {
      const project = await requireProject(services.db, params.project);
      const environment = await requireEnvironment(services.db, project, params.environment);
      const published = services.cache.get(environment.id);
      if (!published)
        throw problems.notFound(`environment "${environment.key}" has no published document yet`);
      reply.header("content-type", "application/json; charset=utf-8");
      return reply.send(published.body("json", false));
    },
  }),

  defineRoute({
    method: "PATCH",
    url: "/api/v1/projects/:project/environments/:environment",
    operationId: "updateEnvironment",
    summary: "Rename or reorder an environment",
    tags,
    access: { kind: "admin", role: "admin", scope: "project" },
    write: true,
    params: environmentParams,
    body: z.strictObject({
      name: displayName.optional(),
      position: z.number().int().min(0).max(1000).optional(),
      comment,
    }),
    responses: {
      200: { description: "Updated", schema: environmentSchema },
      412: { description: "If-Match is stale", schema: problemSchema },
      ...notFound,
    },
    async handler({ params, body, ifMatch, write }) {
      return write(async (unit) => {
        const project = await requireProject(unit.tx, params.project);
        const environment = await requireEnvironment(unit.tx, project, params.environment);
        assertVersionMatches(ifMatch, environment.version, `environment "${environment.key}"`);
        const updated: EnvironmentRow = {
          ...environment,
          name: body.name ?? environment.name,
          position: body.position ?? environment.position,
          version: environment.version + 1,
          updated_at: unit.now,
        };
        await updateEnvironment(unit.tx, environment.id, {
          name: updated.name,
          position: updated.position,
          version: updated.version,
          updated_at: updated.updated_at,
        });
        await unit.audit({
          action: "environment.update",
          resourceType: "environment",
          resourceKey: environment.key,
          projectKey: project.key,
          environmentKey: environment.key,
          before: presentEnvironment(environment),
          after: presentEnvironment(updated),
        });
        return { status: 200, body: presentEnvironment(updated) };
      });
    },
  }),

  defineRoute({
    method: "DELETE",
    url: "/api/v1/projects/:project/environments/:environment",
    operationId: "deleteEnvironment",
    summary: "Delete an environment with its flag configurations, segments and SDK keys",
    tags,
    access: { kind: "admin", role: "admin", scope: "project" },
    write: true,
    params: environmentParams,
    body: commentOnlyBody,
    responses: { 204: { description: "Deleted" }, ...notFound },
    async handler({ params, ifMatch, write }) {
      return write(async (unit) => {
        const project = await requireProject(unit.tx, params.project);
        const environment = await requireEnvironment(unit.tx, project, params.environment);
        assertVersionMatches(ifMatch, environment.version, `environment "${environment.key}"`);
        await deleteEnvironment(unit.tx, environment.id);
        unit.environmentRemoved(environment.id);
        unit.keysChanged = true;
        await unit.audit({
          action: "environment.delete",
          resourceType: "environment",
          resourceKey: environment.key,
          projectKey: project.key,
          environmentKey: environment.key,
          before: presentEnvironment(environment),
          after: null,
        });
        return { status: 204, body: null };
      });
    },
  }),
];
