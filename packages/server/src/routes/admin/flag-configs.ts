/**
 * /api/v1/projects/:project/environments/:environment/flags/:flag — a flag's configuration in one
 * environment: read, change, its versions, and rollback to any of them.
 */

import type { Flag } from "@flagswitch/core";
import { z } from "zod";
import { decodeCursor, toPage } from "../../db/cursor.js";
import { fromJson } from "../../db/json.js";
import { findFlagVersion, listFlagVersions } from "../../db/repositories/flags.js";
import { type FlagSettings, settingsFromFlag } from "../../domain/flag-model.js";
import { changeFlagSettings } from "../../domain/flag-writes.js";
import { requireFlagConfig, requireFlagInEnvironment } from "../../domain/lookups.js";
import { presentFlagConfig, presentFlagVersion } from "../../domain/presenters.js";
import { etagOf } from "../../http/preconditions.js";
import { bodyError, problems } from "../../http/problem.js";
import { defineRoute } from "../../http/route.js";
import {
  comment,
  flagInEnvironmentParams,
  forceQuery,
  paginationQuery,
} from "../../schemas/common.js";
import { flagConfigFields } from "../../schemas/flag-config.js";
import {
  flagConfigSchema,
  flagVersionSchema,
  pageOf,
  problemSchema,
} from "../../schemas/resources.js";

const tags = ["flag configuration"];
const base = "/api/v1/projects/:project/environments/:environment/flags/:flag";
const notFound = {
  404: { description: "No such project, environment or flag", schema: problemSchema },
};
const writeErrors = {
  400: { description: "Invalid input", schema: problemSchema },
  409: {
    description:
      "The change would alter a running experiment's variations or split (repeat with ?force=true)",
    schema: problemSchema,
  },
  412: { description: "If-Match is stale", schema: problemSchema },
  422: { description: "The environment's flag document would be invalid", schema: problemSchema },
  ...notFound,
};

export const flagConfigRoutes = [
  defineRoute({
    method: "GET",
    url: base,
    operationId: "getFlagConfiguration",
    summary: "A flag's configuration in one environment (ETag = its version)",
    tags,
    access: { kind: "admin", role: "reader", scope: "project" },
    params: flagInEnvironmentParams,
    responses: { 200: { description: "The configuration", schema: flagConfigSchema }, ...notFound },
    async handler({ services, params, reply }) {
      const { environment, flag } = await requireFlagInEnvironment(services.db, params);
      const config = await requireFlagConfig(services.db, flag, environment);
      reply.header("etag", etagOf(config.version));
      return presentFlagConfig(flag, environment, config);
    },
  }),

  defineRoute({
    method: "PATCH",
    url: base,
    operationId: "updateFlagConfiguration",
    summary:
      "Change a flag's configuration in one environment (fields given replace the current ones)",
    description:
      "Any of `enabled`, `variations`, `offVariation`, `prerequisites`, `targets`, `rules`, `fallthrough`, `salt` (null removes it). The whole environment document is validated before commit; errors point into this body.",
    tags,
    access: { kind: "admin", role: "writer", scope: "project" },
    write: true,
    params: flagInEnvironmentParams,
    query: forceQuery,
    body: z.strictObject({ ...partial(flagConfigFields), comment }),
    responses: {
      200: { description: "The new configuration", schema: flagConfigSchema },
      ...writeErrors,
    },
    async handler({ params, query, body, ifMatch, write }) {
      return write(async (unit) => {
        unit.bodyMirror = { kind: "flags", key: params.flag };
        const body_ = body as Partial<Omit<FlagSettings, "salt">> & { salt?: string | null };
        const view = await changeFlagSettings(
          unit,
          params,
          { ifMatch, action: "flag.update-configuration", force: query.force },
          (current) => {
            const { salt, ...rest } = body_;
            const next: FlagSettings = { ...current };
            for (const [field, value] of Object.entries(rest)) {
              if (field !== "comment" && value !== undefined)
                (next as unknown as Record<string, unknown>)[field] = value;
            }
            if (salt === null) delete next.salt;
            else if (salt !== undefined) next.salt = salt;
            return next;
          },
        );
        return { status: 200, body: view };
      });
    },
  }),

  defineRoute({
    method: "GET",
    url: `${base}/versions`,
    operationId: "listFlagVersions",
    summary: "Every version of the flag in this environment, newest first, each kept whole",
    tags,
    access: { kind: "admin", role: "reader", scope: "project" },
    params: flagInEnvironmentParams,
    query: paginationQuery,
    responses: {
      200: { description: "A page of versions", schema: pageOf(flagVersionSchema) },
      ...notFound,
    },
    async handler({ services, params, query }) {
      const { environment, flag } = await requireFlagInEnvironment(services.db, params);
      const rows = await listFlagVersions(
        services.db,
        flag.id,
        environment.id,
        query.limit,
        decodeCursor<number>(query.cursor, "number"),
      );
      return toPage(rows, query.limit, (row) => row.version, presentFlagVersion);
    },
  }),

  defineRoute({
    method: "GET",
    url: `${base}/versions/:version`,
    operationId: "getFlagVersion",
    summary: "One version of the flag in this environment",
    tags,
    access: { kind: "admin", role: "reader", scope: "project" },
    params: flagInEnvironmentParams.extend({ version: z.coerce.number().int().min(0) }),
    responses: { 200: { description: "The version", schema: flagVersionSchema }, ...notFound },
    async handler({ services, params }) {
      const { environment, flag } = await requireFlagInEnvironment(services.db, params);
      const row = await findFlagVersion(services.db, flag.id, environment.id, params.version);
      if (!row)
        throw problems.notFound(
          `flag "${flag.key}" has no version ${params.version} in "${environment.key}"`,
        );
      return presentFlagVersion(row);
    },
  }),

  defineRoute({
    method: "POST",
    url: `${base}/rollback`,
    operationId: "rollbackFlag",
    summary: "Restore an earlier version's configuration as a new version",
    description:
      "Restores enabled, variations, off variation, prerequisites, targets, rules, fallthrough and salt. The experiment link and client-side availability stay as they are now.",
    tags,
    access: { kind: "admin", role: "writer", scope: "project" },
    write: true,
    params: flagInEnvironmentParams,
    query: forceQuery,
    body: z.strictObject({ toVersion: z.number().int().min(0), comment }),
    responses: {
      200: { description: "The new configuration", schema: flagConfigSchema },
      ...writeErrors,
    },
    async handler({ params, query, body, ifMatch, write }) {
      return write(async (unit) => {
        const view = await changeFlagSettings(
          unit,
          params,
          { ifMatch, action: "flag.rollback", force: query.force },
          async (current, scope) => {
            const row = await findFlagVersion(
              unit.tx,
              scope.flag.id,
              scope.environment.id,
              body.toVersion,
            );
            if (!row) {
              throw problems.unprocessable(
                "unknown-version",
                `flag "${scope.flag.key}" has no version ${body.toVersion} in "${scope.environment.key}"`,
                [
                  bodyError(
                    "/toVersion",
                    `no such version; list them at GET ${base.replace(":project", scope.project.key).replace(":environment", scope.environment.key).replace(":flag", scope.flag.key)}/versions`,
                  ),
                ],
              );
            }
            const restored = settingsFromFlag(fromJson<Flag>(row.flag));
            if (current.experiment) restored.experiment = current.experiment;
            else delete restored.experiment;
            return restored;
          },
        );
        return { status: 200, body: view };
      });
    },
  }),
];

function partial<T extends Record<string, z.ZodType>>(
  fields: T,
): { [K in keyof T]: z.ZodOptional<T[K]> } {
  return Object.fromEntries(
    Object.entries(fields).map(([key, schema]) => [key, schema.optional()]),
  ) as {
    [K in keyof T]: z.ZodOptional<T[K]>;
  };
}
