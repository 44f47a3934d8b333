/** /api/v1/audit: who changed what, when and why — newest first, filtered. */
import { z } from "zod";
import { decodeCursor, toPage } from "../../db/cursor.js";
import { listAuditEntries } from "../../db/repositories/audit.js";
import { presentAuditEntry } from "../../domain/presenters.js";
import { problems } from "../../http/problem.js";
import { defineRoute } from "../../http/route.js";
import { paginationQuery, resourceKey } from "../../schemas/common.js";
import { auditEntrySchema, pageOf } from "../../schemas/resources.js";

const isoTime = z
  .string()
  .refine(
    (value) => !Number.isNaN(Date.parse(value)),
    "must be an ISO-8601 time, e.g. 2025-01-31T12:00:00Z",
  )
  .transform((value) => new Date(value).toISOString());

export const auditRoutes = [
  defineRoute({
    method: "GET",
    url: "/api/v1/audit",
    operationId: "listAuditEntries",
    summary: "The audit log, newest first",
    description:
      "Filters: `project`, `environment`, `flag`, `actor` (key id or name), `action` (e.g. `flag.toggle`), `resourceType`, and the time range `from` (inclusive) … `to` (exclusive). A project-scoped token sees only its project.",
    tags: ["audit"],
    access: { kind: "admin", role: "reader", scope: "any" },
    query: paginationQuery.extend({
      project: resourceKey.optional(),
      environment: resourceKey.optional(),
      flag: resourceKey.optional(),
      actor: z.string().min(1).max(200).optional(),
      action: z.string().min(1).max(100).optional(),
      resourceType: z.string().min(1).max(50).optional(),
      from: isoTime.optional(),
      to: isoTime.optional(),
    }),
    responses: {
      200: { description: "A page of audit entries", schema: pageOf(auditEntrySchema) },
    },
    async handler({ services, query, admin }) {
      if (
        admin.projectKey !== null &&
        query.project !== undefined &&
        query.project !== admin.projectKey
      ) {
        throw problems.forbidden(
          `the token "${admin.name}" is limited to project "${admin.projectKey}"`,
        );
      }
      const project = admin.projectKey ?? query.project;
      const rows = await listAuditEntries(services.db, {
        limit: query.limit,
        before: decodeCursor<number>(query.cursor, "number"),
        projectKeys: project === undefined ? undefined : [project],
        environmentKey: query.environment,
        flagKey: query.flag,
        actor: query.actor,
        action: query.action,
        resourceType: query.resourceType,
        from: query.from,
        to: query.to,
      });
      return toPage(rows, query.limit, (row) => Number(row.id), presentAuditEntry);
    },
  }),
];
