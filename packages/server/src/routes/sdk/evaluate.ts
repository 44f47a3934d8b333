/**
 * POST /sdk/v1/evaluate: for browsers. Evaluates the client-side flags for one context and
 * answers values only — rules, targets and segment lists never leave the server.
 */
import { evaluate } from "@flagswitch/core";
import { z } from "zod";
import { problems } from "../../http/problem.js";
import { defineRoute } from "../../http/route.js";
import { problemSchema } from "../../schemas/resources.js";

const evaluation = z.object({
  value: z.unknown(),
  variationIndex: z.number().int().nullable(),
  variationKey: z.string().nullable(),
  reason: z.object({
    kind: z.enum([
      "OFF",
      "TARGET_MATCH",
      "RULE_MATCH",
      "FALLTHROUGH",
      "PREREQUISITE_FAILED",
      "ERROR",
    ]),
    ruleId: z.string().optional(),
    errorKind: z.string().optional(),
    prerequisiteKey: z.string().optional(),
    inExperiment: z.literal(true).optional(),
  }),
  version: z.number().int().meta({ description: "The flag's version (for exposure events)" }),
  inExperiment: z.literal(true).optional(),
  experimentKey: z
    .string()
    .optional()
    .meta({ description: "Present when inExperiment: send an exposure" }),
});

export const sdkEvaluateRoutes = [
  defineRoute({
    method: "POST",
    url: "/sdk/v1/evaluate",
    operationId: "evaluateFlags",
    summary:
      "Evaluate every client-side flag for a context (client-side or server-side SDK key; CORS enabled)",
    tags: ["sdk"],
    access: { kind: "sdk", keys: ["client", "server"] },
    cors: true,
    bodyLimit: 64 * 1024,
    body: z.strictObject({
      context: z
        .record(z.string().max(256), z.unknown())
        .meta({ description: "`{ key, ...attributes }`" }),
      flags: z
        .array(z.string().min(1).max(128))
        .max(1000)
        .optional()
        .meta({ description: "Only these flags" }),
    }),
    responses: {
      200: {
        description: "Evaluated values",
        schema: z.object({
          environment: z.string(),
          version: z.number().int(),
          flags: z.record(z.string(), evaluation),
        }),
      },
      400: { description: "Invalid input", schema: problemSchema },
      503: { description: "The environment's document is not loaded", schema: problemSchema },
    },
    async handler({ services, sdk, body, reply }) {
      const published = services.cache.get(sdk.environmentId);
      if (!published)
        throw problems.unavailable("this environment's flag document is not available yet; retry");
      const wanted = body.flags ? new Set(body.flags) : undefined;
      const flags: Record<string, z.infer<typeof evaluation>> = {};
      for (const key of published.clientSideFlagKeys) {
        if (wanted && !wanted.has(key)) continue;
        const flag = published.document.flags[key];
        if (!flag) continue;
        const result = evaluate(published.document, key, body.context);
        const answer: z.infer<typeof evaluation> = {
          value: result.value,
          variationIndex: result.variationIndex,
          variationKey: result.variationKey,
          reason: result.reason,
          version: flag.version,
        };
        if (result.reason.inExperiment && flag.experiment) {
          answer.inExperiment = true;
          answer.experimentKey = flag.experiment.key;
        }
        flags[key] = answer;
      }
      reply.header("cache-control", "private, no-store");
      return { environment: published.environmentKey, version: published.version, flags };
    },
  }),
];
