/** /api/v1/projects: the applications, each created with its environments. */
import { z } from "zod";
import { newId } from "../../clock.js";
import { decodeCursor, toPage } from "../../db/cursor.js";
import { listEnvironments } from "../../db/repositories/environments.js";
import {
  deleteProject,
  insertProject,
  listProjects,
  updateProject,
} from "../../db/repositories/projects.js";
import type { ProjectRow } from "../../db/schema.js";
import { createEnvironment, DEFAULT_ENVIRONMENTS } from "../../domain/environment-writes.js";
import { requireProject } from "../../domain/lookups.js";
import { presentProject } from "../../domain/presenters.js";
import { assertVersionMatches, etagOf } from "../../http/preconditions.js";
import { problems } from "../../http/problem.js";
import { defineRoute } from "../../http/route.js";
import {
  comment,
  commentOnlyBody,
  description,
  displayName,
  paginationQuery,
  projectParams,
  resourceKey,
} from "../../schemas/common.js";
import { pageOf, problemSchema, projectSchema } from "../../schemas/resources.js";

const tags = ["projects"];
const errors = { 400: { description: "Invalid input", schema: problemSchema } };

export const projectRoutes = [
  defineRoute({
    method: "GET",
    url: "/api/v1/projects",
    operationId: "listProjects",
    summary: "List projects (a project-scoped token sees only its own)",
    tags,
    access: { kind: "admin", role: "reader", scope: "any" },
    query: paginationQuery.extend({ q: z.string().max(200).optional() }),
    responses: {
      200: { description: "A page of projects", schema: pageOf(projectSchema) },
      ...errors,
    },
    async handler({ services, query, admin }) {
      const rows = await listProjects(services.db, {
        limit: query.limit,
        after: decodeCursor<string>(query.cursor, "string"),
        q: query.q,
        onlyId: admin.projectId ?? undefined,
      });
      return toPage(
        rows,
        query.limit,
        (row) => row.key,
        (row) => presentProject(row),
      );
    },
  }),

  defineRoute({
    method: "POST",
    url: "/api/v1/projects",
    operationId: "createProject",
    summary: "Create a project with its environments (development, staging, production by default)",
    tags,
    access: { kind: "admin", role: "admin", scope: "global" },
    write: true,
    body: z.strictObject({
      key: resourceKey,
      name: displayName.optional(),
      description: description.optional(),
      environments: z
        .array(z.strictObject({ key: resourceKey, name: displayName.optional() }))
        .min(1)
        .max(50)
        .refine(
          (list) => new Set(list.map((environment) => environment.key)).size === list.length,
          {
            message: "environment keys must be unique",
          },
        )
        .optional(),
      comment,
    }),
    responses: {
      201: { description: "Created", schema: projectSchema },
      409: { description: "The key is taken", schema: problemSchema },
      ...errors,
    },
    async handler({ body, write }) {
      return write(async (unit) => {
        const existing = await unit.tx
          .selectFrom("projects")
          .select("id")
          .where("key", "=", body.key)
          .executeTakeFirst();
        if (existing)
          throw problems.conflict(`project "${body.key}" already exists`, [
            { field: "key", pointer: "/key", in: "body", message: "already taken" },
          ]);
        const row: ProjectRow = {
          id: newId("prj"),
          key: body.key,
          name: body.name ?? body.key,
          description: body.description ?? "",
          version: 1,
          created_at: unit.now,
          updated_at: unit.now,
        };
        await insertProject(unit.tx, row);
        await unit.audit({
          action: "project.create",
          resourceType: "project",
          resourceKey: row.key,
          projectKey: row.key,
          before: null,
          after: presentProject(row),
        });
        const wanted = body.environments ?? DEFAULT_ENVIRONMENTS;
        const environments = [];
        for (const [position, environment] of wanted.entries()) {
          environments.push(
            await createEnvironment(unit, row, {
              key: environment.key,
              name: environment.name ?? environment.key,
              position,
            }),
          );
        }
        return { status: 201, body: presentProject(row, environments) };
      });
    },
  }),

  defineRoute({
    method: "GET",
    url: "/api/v1/projects/:project",
    operationId: "getProject",
    summary: "Get a project and its environments",
    tags,
    access: { kind: "admin", role: "reader", scope: "project" },
    params: projectParams,
    responses: {
      200: { description: "The project", schema: projectSchema },
      404: { description: "No such project", schema: problemSchema },
    },
    async handler({ services, params, reply }) {
      const project = await requireProject(services.db, params.project);
      reply.header("etag", etagOf(project.version));
      return presentProject(project, await listEnvironments(services.db, project.id));
    },
  }),

  defineRoute({
    method: "PATCH",
    url: "/api/v1/projects/:project",
    operationId: "updateProject",
    summary: "Rename or describe a project",
    tags,
    access: { kind: "admin", role: "admin", scope: "project" },
    write: true,
    params: projectParams,
    body: z.strictObject({
      name: displayName.optional(),
      description: description.optional(),
      comment,
    }),
    responses: {
      200: { description: "Updated", schema: projectSchema },
      412: { description: "If-Match is stale", schema: problemSchema },
      ...errors,
    },
    async handler({ params, body, ifMatch, write }) {
      return write(async (unit) => {
        const project = await requireProject(unit.tx, params.project);
        assertVersionMatches(ifMatch, project.version, `project "${project.key}"`);
        const updated: ProjectRow = {
          ...project,
          name: body.name ?? project.name,
          description: body.description ?? project.description,
          version: project.version + 1,
          updated_at: unit.now,
        };
        await updateProject(unit.tx, project.id, {
          name: updated.name,
          description: updated.description,
          version: updated.version,
          updated_at: updated.updated_at,
        });
        await unit.audit({
          action: "project.update",
          resourceType: "project",
          resourceKey: project.key,
          projectKey: project.key,
          before: presentProject(project),
          after: presentProject(updated),
        });
        return { status: 200, body: presentProject(updated) };
      });
    },
  }),

  defineRoute({
    method: "DELETE",
    url: "/api/v1/projects/:project",
    operationId: "deleteProject",
    summary: "Delete a project with everything in it (its audit entries stay)",
    tags,
    access: { kind: "admin", role: "admin", scope: "global" },
    write: true,
    params: projectParams,
    body: commentOnlyBody,
    responses: {
      204: { description: "Deleted" },
      404: { description: "No such project", schema: problemSchema },
    },
    async handler({ params, ifMatch, write }) {
      return write(async (unit) => {
        const project = await requireProject(unit.tx, params.project);
        assertVersionMatches(ifMatch, project.version, `project "${project.key}"`);
        const environments = await listEnvironments(unit.tx, project.id);
        await deleteProject(unit.tx, project.id);
        for (const environment of environments) unit.environmentRemoved(environment.id);
        unit.keysChanged = true;
        await unit.audit({
          action: "project.delete",
          resourceType: "project",
          resourceKey: project.key,
          projectKey: project.key,
          before: presentProject(project, environments),
          after: null,
        });
        return { status: 204, body: null };
      });
    },
  }),
];
