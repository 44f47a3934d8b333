/** /api/v1/me: which token is this, with what role and scope (the CLI's `whoami`). */
import { z } from "zod";
import { defineRoute } from "../../http/route.js";

export const meRoutes = [
  defineRoute({
    method: "GET",
    url: "/api/v1/me",
    operationId: "whoAmI",
    summary: "The calling admin token: id, name, role, project",
    tags: ["keys"],
    access: { kind: "admin", role: "reader", scope: "any" },
    responses: {
      200: {
        description: "The token",
        schema: z.object({
          id: z.string(),
          name: z.string(),
          role: z.string(),
          project: z.string().nullable(),
        }),
      },
    },
    async handler({ admin }) {
      return { id: admin.keyId, name: admin.name, role: admin.role, project: admin.projectKey };
    },
  }),
];
