/** /api/v1/projects/:project/flags: flags as a project-wide resource (metadata, archive, delete). */
import { z } from "zod";
import { newId } from "../../clock.js";
import { decodeCursor, toPage } from "../../db/cursor.js";
import { toJson } from "../../db/json.js";
import { findEnvironment, listEnvironments } from "../../db/repositories/environments.js";
import {
  deleteFlag,
  findFlag,
  insertFlag,
  insertFlagConfig,
  listFlagConfigs,
  listFlags,
  updateFlag,
} from "../../db/repositories/flags.js";
import type { FlagRow } from "../../db/schema.js";
import { BOOLEAN_VARIATIONS, initialSettings, storedColumns } from "../../domain/flag-model.js";
import { recordVersion, republishFlag } from "../../domain/flag-writes.js";
import { requireFlag, requireProject } from "../../domain/lookups.js";
import { presentFlag } from "../../domain/presenters.js";
import { assertVersionMatches, etagOf } from "../../http/preconditions.js";
import { problems } from "../../http/problem.js";
import { defineRoute } from "../../http/route.js";
import {
  comment,
  commentOnlyBody,
  description,
  displayName,
  flagParams,
  paginationQuery,
  projectParams,
  queryBoolean,
  resourceKey,
  tags as tagList,
} from "../../schemas/common.js";
import { variationSchema } from "../../schemas/flag-config.js";
import { flagSchema, pageOf, problemSchema } from "../../schemas/resources.js";

const tags = ["flags"];
const notFound = { 404: { description: "No such project or flag", schema: problemSchema } };

export const flagRoutes = [
  defineRoute({
    method: "GET",
    url: "/api/v1/projects/:project/flags",
    operationId: "listFlags",
    summary: "List flags, with each environment's on/off state",
    description:
      "Filters: `q` (key or name contains), `tag`, `archived` (default false), and `environment` with `enabled` (flags on/off there).",
    tags,
    access: { kind: "admin", role: "reader", scope: "project" },
    params: projectParams,
    query: paginationQuery.extend({
      q: z.string().max(200).optional(),
      tag: z.string().min(1).max(64).optional(),
      archived: queryBoolean.optional(),
      environment: resourceKey.optional(),
      enabled: queryBoolean.optional(),
    }),
    responses: { 200: { description: "A page of flags", schema: pageOf(flagSchema) }, ...notFound },
    async handler({ services, params, query }) {
      const project = await requireProject(services.db, params.project);
      let environmentId: string | undefined;
      if (query.enabled !== undefined) {
        if (query.environment === undefined) {
          throw problems.validation([
            {
              field: "environment",
              pointer: "/environment",
              in: "query",
              message: "required when filtering by `enabled`",
            },
          ]);
        }
      }
      if (query.environment !== undefined) {
        const environment = await findEnvironment(services.db, project.id, query.environment);
        if (!environment) {
          throw problems.validation([
            {
              field: "environment",
              pointer: "/environment",
              in: "query",
              message: `no environment "${query.environment}" in this project`,
            },
          ]);
        }
        environmentId = environment.id;
      }
      const rows = await listFlags(services.db, {
        projectId: project.id,
        limit: query.limit,
        after: decodeCursor<string>(query.cursor, "string"),
        q: query.q,
        tag: query.tag,
        archived: query.archived ?? false,
        environmentId,
        enabled: query.enabled,
      });
      const environments = await listEnvironments(services.db, project.id);
      const configs = await listFlagConfigs(
        services.db,
        rows.slice(0, query.limit).map((row) => row.id),
      );
      return toPage(
        rows,
        query.limit,
        (row) => row.key,
        (row) => presentFlag(row, configs, environments),
      );
    },
  }),

  defineRoute({
    method: "POST",
    url: "/api/v1/projects/:project/flags",
    operationId: "createFlag",
    summary: "Create a flag: it appears, off, in every environment",
    description:
      "Without `variations` the flag is boolean (`on` = true, `off` = false). Off it serves `offVariation` (default: the `false` variation, else the first); on, the first variation until rules say otherwise.",
    tags,
    access: { kind: "admin", role: "writer", scope: "project" },
    write: true,
    params: projectParams,
    body: z.strictObject({
      key: resourceKey,
      name: displayName.optional(),
      description: description.optional(),
      tags: tagList.optional(),
      clientSide: z.boolean().optional(),
      variations: z.array(variationSchema).min(1).max(100).optional(),
      offVariation: z.number().int().min(0).optional(),
      comment,
    }),
    responses: {
      201: { description: "Created", schema: flagSchema },
      409: { description: "The key is taken", schema: problemSchema },
      422: { description: "The flag would be invalid", schema: problemSchema },
      ...notFound,
    },
    async handler({ params, body, write }) {
      return write(async (unit) => {
        const project = await requireProject(unit.tx, params.project);
        const environments = await listEnvironments(unit.tx, project.id);
        const versions = await unit.lockEnvironments(environments);
        if (await findFlag(unit.tx, project.id, body.key)) {
          throw problems.conflict(`flag "${body.key}" already exists in project "${project.key}"`, [
            { field: "key", pointer: "/key", in: "body", message: "already taken" },
          ]);
        }
        const row: FlagRow = {
          id: newId("flg"),
          project_id: project.id,
          key: body.key,
          name: body.name ?? body.key,
          description: body.description ?? "",
          tags: toJson(body.tags ?? []),
          client_side: body.clientSide ? 1 : 0,
          archived: 0,
          version: 1,
          created_at: unit.now,
          updated_at: unit.now,
        };
        await insertFlag(unit.tx, row);
        const variations =
          (body.variations as typeof BOOLEAN_VARIATIONS | undefined) ?? BOOLEAN_VARIATIONS;
        const settings = initialSettings(variations, body.offVariation);
        // Errors in the new flag point into this body (variations, offVariation).
        unit.bodyMirror = { kind: "flags", key: row.key };
        const configs = [];
        for (const environment of environments) {
          const version = versions.get(environment.id) as number;
          const config = {
            id: newId("cfg"),
            flag_id: row.id,
            environment_id: environment.id,
            version,
            ...storedColumns(settings),
            updated_at: unit.now,
          };
          await insertFlagConfig(unit.tx, config);
          await recordVersion(unit, row, environment, settings, version);
          configs.push(config);
        }
        const created = presentFlag(row, configs, environments);
        await unit.audit({
          action: "flag.create",
          resourceType: "flag",
          resourceKey: row.key,
          projectKey: project.key,
          flagKey: row.key,
          before: null,
          after: { ...created, variations, offVariation: settings.offVariation },
        });
        return { status: 201, body: created };
      });
    },
  }),

  defineRoute({
    method: "GET",
    url: "/api/v1/projects/:project/flags/:flag",
    operationId: "getFlag",
    summary: "Get a flag's metadata and its state in each environment",
    tags,
    access: { kind: "admin", role: "reader", scope: "project" },
    params: flagParams,
    responses: { 200: { description: "The flag", schema: flagSchema }, ...notFound },
    async handler({ services, params, reply }) {
      const project = await requireProject(services.db, params.project);
      const flag = await requireFlag(services.db, project, params.flag);
      reply.header("etag", etagOf(flag.version));
      return presentFlag(
        flag,
        await listFlagConfigs(services.db, [flag.id]),
        await listEnvironments(services.db, project.id),
      );
    },
  }),

  defineRoute({
    method: "PATCH",
    url: "/api/v1/projects/:project/flags/:flag",
    operationId: "updateFlag",
    summary: "Change a flag's name, description, tags or client-side availability",
    tags,
    access: { kind: "admin", role: "writer", scope: "project" },
    write: true,
    params: flagParams,
    body: z.strictObject({
      name: displayName.optional(),
      description: description.optional(),
      tags: tagList.optional(),
      clientSide: z.boolean().optional(),
      comment,
    }),
    responses: {
      200: { description: "Updated", schema: flagSchema },
      412: { description: "If-Match is stale", schema: problemSchema },
      ...notFound,
    },
    async handler({ params, body, ifMatch, write }) {
      return write(async (unit) => {
        const project = await requireProject(unit.tx, params.project);
        const change = async (flag: FlagRow): Promise<FlagRow> => {
          assertVersionMatches(ifMatch, flag.version, `flag "${flag.key}"`);
          const updated: FlagRow = {
            ...flag,
            name: body.name ?? flag.name,
            description: body.description ?? flag.description,
            tags: body.tags ? toJson(body.tags) : flag.tags,
            client_side: body.clientSide === undefined ? flag.client_side : body.clientSide ? 1 : 0,
            version: flag.version + 1,
            updated_at: unit.now,
          };
          await updateFlag(unit.tx, flag.id, {
            name: updated.name,
            description: updated.description,
            tags: updated.tags,
            client_side: updated.client_side,
            version: updated.version,
            updated_at: updated.updated_at,
          });
          return updated;
        };
        const current = await requireFlag(unit.tx, project, params.flag);
        // Only client-side availability is part of the documents; other metadata needs no new version.
        const result =
          body.clientSide !== undefined && (body.clientSide ? 1 : 0) !== current.client_side
            ? await republishFlag(unit, project, params.flag, change)
            : {
                before: current,
                after: await change(current),
                environments: await listEnvironments(unit.tx, project.id),
                configs: await listFlagConfigs(unit.tx, [current.id]),
              };
        const after = presentFlag(result.after, result.configs, result.environments);
        await unit.audit({
          action: "flag.update",
          resourceType: "flag",
          resourceKey: current.key,
          projectKey: project.key,
          flagKey: current.key,
          before: presentFlag(result.before),
          after: presentFlag(result.after),
        });
        return { status: 200, body: after };
      });
    },
  }),

  ...["archive", "unarchive"].map((action) =>
    defineRoute({
      method: "POST",
      url: `/api/v1/projects/:project/flags/:flag/${action}`,
      operationId: `${action}Flag`,
      summary:
        action === "archive"
          ? "Archive a flag: it leaves every environment's document (SDKs get a delete) but keeps its history"
          : "Bring an archived flag back into every environment's document",
      tags,
      access: { kind: "admin", role: "writer", scope: "project" },
      write: true,
      params: flagParams,
      body: commentOnlyBody,
      responses: {
        200: { description: "The flag", schema: flagSchema },
        412: { description: "If-Match is stale", schema: problemSchema },
        422: { description: "Another flag depends on it (prerequisite)", schema: problemSchema },
        ...notFound,
      },
      async handler({ params, ifMatch, write }) {
        return write(async (unit) => {
          const project = await requireProject(unit.tx, params.project);
          const result = await republishFlag(unit, project, params.flag, async (flag) => {
            assertVersionMatches(ifMatch, flag.version, `flag "${flag.key}"`);
            const archived = action === "archive" ? 1 : 0;
            const updated = { ...flag, archived, version: flag.version + 1, updated_at: unit.now };
            await updateFlag(unit.tx, flag.id, {
              archived,
              version: updated.version,
              updated_at: unit.now,
            });
            return updated;
          });
          await unit.audit({
            action: `flag.${action}`,
            resourceType: "flag",
            resourceKey: result.after.key,
            projectKey: project.key,
            flagKey: result.after.key,
            before: presentFlag(result.before),
            after: presentFlag(result.after),
          });
          return {
            status: 200,
            body: presentFlag(result.after, result.configs, result.environments),
          };
        });
      },
    }),
  ),

  defineRoute({
    method: "DELETE",
    url: "/api/v1/projects/:project/flags/:flag",
    operationId: "deleteFlag",
    summary: "Delete a flag everywhere (its versions and audit entries stay readable)",
    tags,
    access: { kind: "admin", role: "writer", scope: "project" },
    write: true,
    params: flagParams,
    body: commentOnlyBody,
    responses: {
      204: { description: "Deleted" },
      412: { description: "If-Match is stale", schema: problemSchema },
      422: { description: "Another flag depends on it (prerequisite)", schema: problemSchema },
      ...notFound,
    },
    async handler({ params, ifMatch, write }) {
      return write(async (unit) => {
        const project = await requireProject(unit.tx, params.project);
        const environments = await listEnvironments(unit.tx, project.id);
        const versions = await unit.lockEnvironments(environments);
        const flag = await requireFlag(unit.tx, project, params.flag);
        assertVersionMatches(ifMatch, flag.version, `flag "${flag.key}"`);
        const configs = await listFlagConfigs(unit.tx, [flag.id]);
        await deleteFlag(unit.tx, flag.id);
        for (const environment of environments) {
          const version = versions.get(environment.id) as number;
          if (flag.archived === 0)
            unit.changed(environment.id, { kind: "flag", key: flag.key, deleted: true, version });
        }
        await unit.audit({
          action: "flag.delete",
          resourceType: "flag",
          resourceKey: flag.key,
          projectKey: project.key,
          flagKey: flag.key,
          before: presentFlag(flag, configs, environments),
          after: null,
        });
        return { status: 204, body: null };
      });
    },
  }),
];
