/** One-click flag changes for the dashboard and CLI: toggle, rollout, targets, copy between environments. */
import { z } from "zod";
import { findEnvironment } from "../../db/repositories/environments.js";
import { settingsOf } from "../../domain/flag-model.js";
import { changeFlagSettings } from "../../domain/flag-writes.js";
import {
  requireEnvironment,
  requireFlag,
  requireFlagConfig,
  requireProject,
} from "../../domain/lookups.js";
import { rolloutServe, rolloutWeights } from "../../domain/rollout.js";
import { addTargets, removeTargets } from "../../domain/targets.js";
import { bodyError, problems } from "../../http/problem.js";
import { defineRoute } from "../../http/route.js";
import {
  comment,
  flagInEnvironmentParams,
  flagParams,
  forceQuery,
  resourceKey,
} from "../../schemas/common.js";
import { contextKeys as contextKeysSchema } from "../../schemas/flag-config.js";
import { flagConfigSchema, problemSchema } from "../../schemas/resources.js";

const tags = ["flag actions"];
const base = "/api/v1/projects/:project/environments/:environment/flags/:flag";
const responses = {
  200: { description: "The new configuration", schema: flagConfigSchema },
  400: { description: "Invalid input", schema: problemSchema },
  404: { description: "No such project, environment or flag", schema: problemSchema },
  409: {
    description:
      "The change would alter a running experiment's variations or split (repeat with ?force=true)",
    schema: problemSchema,
  },
  412: { description: "If-Match is stale", schema: problemSchema },
  422: { description: "The change cannot apply to this flag", schema: problemSchema },
};
const access = { kind: "admin", role: "writer", scope: "project" } as const;

/** Weights are in thousandths of a percent, so a percentage has at most three decimals. */
const percentage = z
  .number()
  .min(0)
  .max(100)
  .refine(
    (value) => Math.abs(value * 1000 - Math.round(value * 1000)) < 1e-6,
    "at most three decimals",
  );

export const flagActionRoutes = [
  defineRoute({
    method: "POST",
    url: `${base}/toggle`,
    operationId: "toggleFlag",
    summary: "Turn a flag on or off in one environment (no `enabled`: flip it)",
    tags,
    access,
    write: true,
    params: flagInEnvironmentParams,
    body: z.strictObject({ enabled: z.boolean().optional(), comment }).optional(),
    responses,
    async handler({ params, body, ifMatch, write }) {
      return write(async (unit) => ({
        status: 200,
        body: await changeFlagSettings(
          unit,
          params,
          { ifMatch, action: "flag.toggle" },
          (current) => ({
            ...current,
            enabled: body?.enabled ?? !current.enabled,
          }),
        ),
      }));
    },
  }),

  defineRoute({
    method: "POST",
    url: `${base}/rollout`,
    operationId: "setFlagRollout",
    summary: "Serve a percentage rollout (or a split across variations) by default or in one rule",
    description:
      '`percentage` gives `variation` (default: the `true` variation, else the first that is not the off variation) that share and the rest to the off variation. `split` (`{ "a": 34, "b": 33, "c": 33 }`) names every share. The rollout replaces the fallthrough, or the serve of rule `rule`.',
    tags,
    access,
    write: true,
    params: flagInEnvironmentParams,
    query: forceQuery,
    body: z
      .strictObject({
        percentage: percentage.optional(),
        variation: z.string().min(1).max(128).optional(),
        // Any shares adding up to 100: they are rounded to 0.001 % so the weights sum exactly.
        split: z.record(z.string().min(1).max(128), z.number().min(0).max(100)).optional(),
        bucketBy: z.string().min(1).max(256).optional(),
        rule: z.string().min(1).max(128).optional(),
        comment,
      })
      .refine((body) => (body.percentage === undefined) !== (body.split === undefined), {
        message: "give either `percentage` or `split`",
        path: ["percentage"],
      }),
    responses,
    async handler({ params, query, body, ifMatch, write }) {
      return write(async (unit) => ({
        status: 200,
        body: await changeFlagSettings(
          unit,
          params,
          { ifMatch, action: "flag.rollout", force: query.force },
          (current) => {
            const weights = rolloutWeights(current.variations, current.offVariation, body);
            if (body.rule === undefined) {
              return {
                ...current,
                fallthrough: rolloutServe(current.fallthrough, weights, body.bucketBy),
              };
            }
            const index = current.rules.findIndex((rule) => rule.id === body.rule);
            if (index < 0) {
              throw problems.unprocessable(
                "unknown-rule",
                `the flag has no rule "${body.rule}" here`,
                [bodyError("/rule", `no rule with id "${body.rule}"`)],
              );
            }
            const rules = current.rules.map((rule, position) =>
              position === index
                ? { ...rule, serve: rolloutServe(rule.serve, weights, body.bucketBy) }
                : rule,
            );
            return { ...current, rules };
          },
        ),
      }));
    },
  }),

  defineRoute({
    method: "POST",
    url: `${base}/targets/add`,
    operationId: "addFlagTargets",
    summary: "Serve a variation to these context keys (they leave any other target list)",
    tags,
    access,
    write: true,
    params: flagInEnvironmentParams,
    body: z.strictObject({
      variation: z.string().min(1).max(128),
      values: contextKeysSchema,
      comment,
    }),
    responses,
    async handler({ params, body, ifMatch, write }) {
      return write(async (unit) => ({
        status: 200,
        body: await changeFlagSettings(
          unit,
          params,
          { ifMatch, action: "flag.targets.add" },
          (current) => ({
            ...current,
            targets: addTargets(current.targets, current.variations, body.variation, body.values),
          }),
        ),
      }));
    },
  }),

  defineRoute({
    method: "POST",
    url: `${base}/targets/remove`,
    operationId: "removeFlagTargets",
    summary: "Stop targeting these context keys (in every target list, or only `variation`'s)",
    tags,
    access,
    write: true,
    params: flagInEnvironmentParams,
    body: z.strictObject({
      values: contextKeysSchema,
      variation: z.string().min(1).max(128).optional(),
      comment,
    }),
    responses,
    async handler({ params, body, ifMatch, write }) {
      return write(async (unit) => ({
        status: 200,
        body: await changeFlagSettings(
          unit,
          params,
          { ifMatch, action: "flag.targets.remove" },
          (current) => ({
            ...current,
            targets: removeTargets(
              current.targets,
              current.variations,
              body.values,
              body.variation,
            ),
          }),
        ),
      }));
    },
  }),

  defineRoute({
    method: "POST",
    url: "/api/v1/projects/:project/flags/:flag/copy",
    operationId: "copyFlagConfiguration",
    summary:
      "Copy a flag's configuration from one environment to another (If-Match: the target's version)",
    description:
      "Copies enabled, variations, off variation, prerequisites, targets, rules, fallthrough and salt. The target keeps its own experiment link. Segments referenced by rules must exist in the target environment.",
    tags,
    access,
    write: true,
    params: flagParams,
    query: forceQuery,
    body: z.strictObject({ from: resourceKey, to: resourceKey, comment }),
    responses,
    async handler({ params, query, body, ifMatch, write }) {
      if (body.from === body.to) {
        throw problems.validation([bodyError("/to", "must differ from `from`")]);
      }
      return write(async (unit) => {
        const project = await requireProject(unit.tx, params.project);
        if (!(await findEnvironment(unit.tx, project.id, body.to))) {
          throw problems.unprocessable(
            "unknown-environment",
            `no environment "${body.to}" in project "${project.key}"`,
            [bodyError("/to", `no environment "${body.to}"`)],
          );
        }
        const source = await findEnvironment(unit.tx, project.id, body.from);
        if (!source) {
          throw problems.unprocessable(
            "unknown-environment",
            `no environment "${body.from}" in project "${project.key}"`,
            [bodyError("/from", `no environment "${body.from}"`)],
          );
        }
        const view = await changeFlagSettings(
          unit,
          { project: project.key, environment: body.to, flag: params.flag },
          { ifMatch, action: "flag.copy", force: query.force },
          async (current, scope) => {
            const sourceEnvironment = await requireEnvironment(unit.tx, project, body.from);
            const flag = await requireFlag(unit.tx, project, scope.flag.key);
            const copied = settingsOf(await requireFlagConfig(unit.tx, flag, sourceEnvironment));
            if (current.experiment) copied.experiment = current.experiment;
            else delete copied.experiment;
            return copied;
          },
        );
        return { status: 200, body: view };
      });
    },
  }),
];
