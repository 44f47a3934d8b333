/** /api/v1/projects/:project/environments/:environment/segments: audiences rules can refer to. */
import { z } from "zod";
import { newId } from "../../clock.js";
import { decodeCursor, toPage } from "../../db/cursor.js";
import { toJson } from "../../db/json.js";
import {
  deleteSegment,
  findSegment,
  insertSegment,
  listSegments,
  updateSegment,
} from "../../db/repositories/segments.js";
import type { EnvironmentRow, ProjectRow, SegmentRow } from "../../db/schema.js";
import { requireEnvironment, requireProject, requireSegment } from "../../domain/lookups.js";
import { presentSegment } from "../../domain/presenters.js";
import { documentSegment } from "../../domain/segment-model.js";
import type { WriteUnit } from "../../domain/write-unit.js";
import { assertVersionMatches, etagOf, type IfMatch } from "../../http/preconditions.js";
import { problems } from "../../http/problem.js";
import { defineRoute } from "../../http/route.js";
import {
  comment,
  commentOnlyBody,
  description,
  displayName,
  environmentParams,
  paginationQuery,
  resourceKey,
  segmentParams,
} from "../../schemas/common.js";
import { segmentRuleSchema } from "../../schemas/flag-config.js";
import { pageOf, problemSchema, segmentSchema } from "../../schemas/resources.js";

const tags = ["segments"];
const base = "/api/v1/projects/:project/environments/:environment/segments";
const notFound = {
  404: { description: "No such project, environment or segment", schema: problemSchema },
};
const writeErrors = {
  400: { description: "Invalid input", schema: problemSchema },
  412: { description: "If-Match is stale", schema: problemSchema },
  422: { description: "The environment's flag document would be invalid", schema: problemSchema },
  ...notFound,
};
const contextKeyList = z.array(z.string().min(1).max(1024)).max(100000);
const segmentFields = {
  name: displayName.optional(),
  description: description.optional(),
  included: contextKeyList.optional(),
  excluded: contextKeyList.optional(),
  rules: z.array(segmentRuleSchema).max(1000).optional(),
  comment,
};

async function lockedScope(unit: WriteUnit, params: { project: string; environment: string }) {
  const project = await requireProject(unit.tx, params.project);
  const environment = await requireEnvironment(unit.tx, project, params.environment);
  const version = await unit.lockEnvironment(environment);
  return { project, environment, version };
}

/** The segment a write addresses, its environment locked and the request's If-Match checked. */
async function lockedSegment(
  unit: WriteUnit,
  params: { project: string; environment: string; segment: string },
  ifMatch: IfMatch,
) {
  const scope = await lockedScope(unit, params);
  const segment = await requireSegment(unit.tx, scope.environment, params.segment);
  assertVersionMatches(ifMatch, segment.version, `segment "${segment.key}"`);
  return { scope, segment };
}

/** Puts the segment as it now stands into its environment's next document. */
function publishSegment(unit: WriteUnit, environment: EnvironmentRow, row: SegmentRow) {
  unit.changed(environment.id, { kind: "segment", key: row.key, data: documentSegment(row) });
}

async function auditSegment(
  unit: WriteUnit,
  action: string,
  scope: { project: ProjectRow; environment: EnvironmentRow },
  key: string,
  before: SegmentRow | null,
  after: SegmentRow | null,
) {
  await unit.audit({
    action,
    resourceType: "segment",
    resourceKey: key,
    projectKey: scope.project.key,
    environmentKey: scope.environment.key,
    before: before && presentSegment(before, scope.environment),
    after: after && presentSegment(after, scope.environment),
  });
}

export const segmentRoutes = [
  defineRoute({
    method: "GET",
    url: base,
    operationId: "listSegments",
    summary: "List an environment's segments",
    tags,
    access: { kind: "admin", role: "reader", scope: "project" },
    params: environmentParams,
    query: paginationQuery.extend({ q: z.string().max(200).optional() }),
    responses: {
      200: { description: "A page of segments", schema: pageOf(segmentSchema) },
      ...notFound,
    },
    async handler({ services, params, query }) {
      const project = await requireProject(services.db, params.project);
      const environment = await requireEnvironment(services.db, project, params.environment);
      const rows = await listSegments(services.db, {
        environmentId: environment.id,
        limit: query.limit,
        after: decodeCursor<string>(query.cursor, "string"),
        q: query.q,
      });
      return toPage(
        rows,
        query.limit,
        (row) => row.key,
        (row) => presentSegment(row, environment),
      );
    },
  }),

  defineRoute({
    method: "POST",
    url: base,
    operationId: "createSegment",
    summary: "Create a segment",
    tags,
    access: { kind: "admin", role: "writer", scope: "project" },
    write: true,
    params: environmentParams,
    body: z.strictObject({ key: resourceKey, ...segmentFields }),
    responses: {
      201: { description: "Created", schema: segmentSchema },
      409: { description: "The key is taken", schema: problemSchema },
      ...writeErrors,
    },
    async handler({ params, body, write }) {
      return write(async (unit) => {
        const scope = await lockedScope(unit, params);
        if (await findSegment(unit.tx, scope.environment.id, body.key)) {
          throw problems.conflict(
            `segment "${body.key}" already exists in environment "${scope.environment.key}"`,
            [{ field: "key", pointer: "/key", in: "body", message: "already taken" }],
          );
        }
        unit.bodyMirror = { kind: "segments", key: body.key };
        const row: SegmentRow = {
          id: newId("seg"),
          environment_id: scope.environment.id,
          key: body.key,
          name: body.name ?? body.key,
          description: body.description ?? "",
          version: scope.version,
          included: toJson(body.included ?? []),
          excluded: toJson(body.excluded ?? []),
          rules: toJson(body.rules ?? []),
          created_at: unit.now,
          updated_at: unit.now,
        };
        await insertSegment(unit.tx, row);
        publishSegment(unit, scope.environment, row);
        await auditSegment(unit, "segment.create", scope, row.key, null, row);
        return { status: 201, body: presentSegment(row, scope.environment) };
      });
    },
  }),

  defineRoute({
    method: "GET",
    url: `${base}/:segment`,
    operationId: "getSegment",
    summary: "Get a segment",
    tags,
    access: { kind: "admin", role: "reader", scope: "project" },
    params: segmentParams,
    responses: { 200: { description: "The segment", schema: segmentSchema }, ...notFound },
    async handler({ services, params, reply }) {
      const project = await requireProject(services.db, params.project);
      const environment = await requireEnvironment(services.db, project, params.environment);
      const segment = await requireSegment(services.db, environment, params.segment);
      reply.header("etag", etagOf(segment.version));
      return presentSegment(segment, environment);
    },
  }),

  defineRoute({
    method: "PATCH",
    url: `${base}/:segment`,
    operationId: "updateSegment",
    summary: "Change a segment (fields given replace the current ones)",
    tags,
    access: { kind: "admin", role: "writer", scope: "project" },
    write: true,
    params: segmentParams,
    body: z.strictObject(segmentFields),
    responses: { 200: { description: "Updated", schema: segmentSchema }, ...writeErrors },
    async handler({ params, body, ifMatch, write }) {
      return write(async (unit) => {
        const { scope, segment } = await lockedSegment(unit, params, ifMatch);
        unit.bodyMirror = { kind: "segments", key: segment.key };
        const updated: SegmentRow = {
          ...segment,
          name: body.name ?? segment.name,
          description: body.description ?? segment.description,
          included: body.included ? toJson(body.included) : segment.included,
          excluded: body.excluded ? toJson(body.excluded) : segment.excluded,
          rules: body.rules ? toJson(body.rules) : segment.rules,
          version: scope.version,
          updated_at: unit.now,
        };
        await updateSegment(unit.tx, segment.id, {
          name: updated.name,
          description: updated.description,
          included: updated.included,
          excluded: updated.excluded,
          rules: updated.rules,
          version: updated.version,
          updated_at: updated.updated_at,
        });
        publishSegment(unit, scope.environment, updated);
        await auditSegment(unit, "segment.update", scope, segment.key, segment, updated);
        return { status: 200, body: presentSegment(updated, scope.environment) };
      });
    },
  }),

  defineRoute({
    method: "DELETE",
    url: `${base}/:segment`,
    operationId: "deleteSegment",
    summary: "Delete a segment (refused while a flag's rule refers to it)",
    tags,
    access: { kind: "admin", role: "writer", scope: "project" },
    write: true,
    params: segmentParams,
    body: commentOnlyBody,
    responses: { 204: { description: "Deleted" }, ...writeErrors },
    async handler({ params, ifMatch, write }) {
      return write(async (unit) => {
        const { scope, segment } = await lockedSegment(unit, params, ifMatch);
        await deleteSegment(unit.tx, segment.id);
        unit.changed(scope.environment.id, {
          kind: "segment",
          key: segment.key,
          deleted: true,
          version: scope.version,
        });
        await auditSegment(unit, "segment.delete", scope, segment.key, segment, null);
        return { status: 204, body: null };
      });
    },
  }),
];
