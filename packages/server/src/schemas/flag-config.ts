/**
 * The shape of flag and segment configuration as the admin API accepts it. These schemas check
 * types and bounds; meaning (operators' values, regexes, indexes, weights summing to 100000,
 * prerequisites, segment references) is checked by `validateDocument` from @flagswitch/core on
 * the whole environment document before anything is committed.
 */
import { OPERATORS } from "@flagswitch/core";
import { z } from "zod";
import { resourceKey } from "./common.js";

const jsonValue = z
  .unknown()
  .refine((value) => value !== undefined, "value is required (any JSON value)")
  .meta({ description: "Any JSON value" });

export const variationSchema = z.strictObject({
  key: z.string().min(1).max(128),
  value: jsonValue,
  name: z.string().max(200).optional(),
  description: z.string().max(1000).optional(),
});

const index = z.number().int().min(0);

export const rolloutSchema = z.strictObject({
  bucketBy: z.string().min(1).max(256).optional(),
  weights: z.array(z.number().int().min(0).max(100000)).min(1).max(100),
});

export const serveSchema = z.union([
  z.strictObject({ variation: index }),
  z.strictObject({ rollout: rolloutSchema }),
]);

export const clauseSchema = z.strictObject({
  attribute: z.string().min(1).max(256),
  op: z.enum(OPERATORS),
  values: z.array(z.union([z.string().max(4096), z.number(), z.boolean()])).max(10000),
  negate: z.boolean().optional(),
});

export const ruleSchema = z.strictObject({
  id: z.string().min(1).max(128),
  description: z.string().max(1000).optional(),
  clauses: z.array(clauseSchema).max(100),
  serve: serveSchema,
});

export const targetSchema = z.strictObject({
  variation: index,
  values: z.array(z.string().min(1).max(1024)).max(100000),
});

export const prerequisiteSchema = z.strictObject({
  flag: resourceKey,
  variation: z.string().min(1).max(128),
});

export const segmentRuleSchema = z.strictObject({ clauses: z.array(clauseSchema).max(100) });

/** Everything about a flag that varies per environment (the experiment link is managed by experiments). */
export const flagConfigFields = {
  enabled: z.boolean(),
  variations: z.array(variationSchema).min(1).max(100),
  offVariation: index,
  prerequisites: z.array(prerequisiteSchema).max(50),
  targets: z.array(targetSchema).max(100),
  rules: z.array(ruleSchema).max(1000),
  fallthrough: serveSchema,
  salt: z.string().min(1).max(256).nullable(),
};

export const contextKeys = z.array(z.string().min(1).max(1024)).min(1).max(10000);
