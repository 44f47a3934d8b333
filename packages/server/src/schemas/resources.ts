/**
 * What the API answers with, for the OpenAPI document. Registered with ids so the document
 * lists them once under components.schemas.
 */
import { z } from "zod";
import {
  clauseSchema,
  prerequisiteSchema,
  ruleSchema,
  segmentRuleSchema,
  serveSchema,
  targetSchema,
  variationSchema,
} from "./flag-config.js";

export const componentRegistry = z.registry<{ id: string; description?: string }>();

const timestamp = z.string().meta({ description: "ISO-8601 UTC time" });

export function component<S extends z.ZodType>(id: string, schema: S, description?: string): S {
  componentRegistry.add(schema, description ? { id, description } : { id });
  return schema;
}

export const problemSchema = component(
  "Problem",
  z.object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z
      .array(
        z.object({
          field: z.string(),
          pointer: z.string(),
          in: z.enum(["body", "query", "path", "header", "document"]),
          message: z.string(),
        }),
      )
      .optional(),
  }),
  "RFC 9457 problem details; `errors` names each failing field",
);

export const environmentSchema = component(
  "Environment",
  z.object({
    key: z.string(),
    name: z.string(),
    position: z.number().int(),
    documentVersion: z.number().int(),
    version: z.number().int(),
    createdAt: timestamp,
    updatedAt: timestamp,
  }),
);

export const projectSchema = component(
  "Project",
  z.object({
    key: z.string(),
    name: z.string(),
    description: z.string(),
    version: z.number().int(),
    createdAt: timestamp,
    updatedAt: timestamp,
    environments: z.array(environmentSchema).optional(),
  }),
);

export const flagSchema = component(
  "Flag",
  z.object({
    key: z.string(),
    name: z.string(),
    description: z.string(),
    tags: z.array(z.string()),
    clientSide: z.boolean(),
    archived: z.boolean(),
    version: z.number().int(),
    createdAt: timestamp,
    updatedAt: timestamp,
    environments: z.record(
      z.string(),
      z.object({
        enabled: z.boolean(),
        version: z.number().int(),
        updatedAt: timestamp.meta({ description: "When the flag last changed there" }),
      }),
    ),
  }),
  "A flag's project-wide metadata, with a per-environment summary",
);

export const flagConfigSchema = component(
  "FlagConfiguration",
  z.object({
    flag: z.string(),
    environment: z.string(),
    version: z.number().int(),
    clientSide: z.boolean(),
    archived: z.boolean(),
    enabled: z.boolean(),
    variations: z.array(variationSchema),
    offVariation: z.number().int(),
    prerequisites: z.array(prerequisiteSchema),
    targets: z.array(targetSchema),
    rules: z.array(ruleSchema),
    fallthrough: serveSchema,
    salt: z.string().nullable(),
    experiment: z.object({ key: z.string(), running: z.boolean() }).nullable(),
    updatedAt: timestamp,
  }),
  "A flag's configuration in one environment (its ETag is the version)",
);

export const documentFlagSchema = component(
  "DocumentFlag",
  z.object({
    key: z.string(),
    version: z.number().int(),
    enabled: z.boolean(),
    variations: z.array(variationSchema),
    offVariation: z.number().int(),
    prerequisites: z.array(prerequisiteSchema).optional(),
    targets: z.array(targetSchema).optional(),
    rules: z.array(ruleSchema).optional(),
    fallthrough: serveSchema,
    salt: z.string().optional(),
    experiment: z.object({ key: z.string(), running: z.boolean() }).optional(),
    clientSide: z.boolean().optional(),
  }),
  "A flag as SDKs see it in the flag document",
);

export const flagVersionSchema = component(
  "FlagVersion",
  z.object({
    version: z.number().int(),
    createdAt: timestamp,
    actorId: z.string(),
    flag: documentFlagSchema,
  }),
);

export const segmentSchema = component(
  "Segment",
  z.object({
    key: z.string(),
    environment: z.string(),
    name: z.string(),
    description: z.string(),
    version: z.number().int(),
    included: z.array(z.string()),
    excluded: z.array(z.string()),
    rules: z.array(segmentRuleSchema),
    createdAt: timestamp,
    updatedAt: timestamp,
  }),
);

export const metricSchema = component(
  "Metric",
  z.object({
    eventKey: z.string().meta({ description: "The conversion event key sent with `track`" }),
    kind: z.enum(["binomial", "value"]).meta({
      description:
        "`binomial`: converted at least once; `value`: sum of the event's values per context, averaged over exposed contexts",
    }),
  }),
);

export const experimentSplitSchema = component(
  "ExperimentSplit",
  z.object({
    variations: z.array(z.string()),
    weights: z
      .array(z.number().int())
      .meta({ description: "One per variation, in 0.001 % units, summing to 100000" }),
    bucketBy: z.string().optional(),
  }),
  "The split the experiment's rollout applied when it started (or after a forced change)",
);

export const experimentSchema = component(
  "Experiment",
  z.object({
    key: z.string(),
    name: z.string(),
    hypothesis: z.string(),
    flag: z.string(),
    environment: z.string(),
    status: z.enum(["draft", "running", "stopped"]),
    controlVariation: z
      .string()
      .nullable()
      .meta({ description: "The control's variation key; null: the flag's first variation" }),
    rule: z
      .string()
      .nullable()
      .meta({ description: "The rule whose rollout splits traffic; null: the fallthrough" }),
    primaryMetric: metricSchema.nullable(),
    secondaryMetrics: z.array(metricSchema),
    split: experimentSplitSchema.nullable(),
    forcedChanges: z
      .number()
      .int()
      .meta({ description: "Changes of variations or split forced through while running" }),
    startedAt: timestamp.nullable(),
    stoppedAt: timestamp.nullable(),
    version: z.number().int(),
    createdAt: timestamp,
    updatedAt: timestamp,
  }),
);

export const apiKeySchema = component(
  "ApiKey",
  z.object({
    id: z.string(),
    kind: z.enum(["admin", "server", "client"]),
    name: z.string(),
    role: z.enum(["reader", "writer", "admin"]).nullable(),
    project: z.string().nullable(),
    environment: z.string().nullable(),
    createdAt: timestamp,
    createdBy: z.string(),
    revokedAt: timestamp.nullable(),
    expiresAt: timestamp.nullable(),
  }),
  "An admin token or SDK key (never its secret)",
);

export const createdApiKeySchema = component(
  "CreatedApiKey",
  apiKeySchema.extend({
    secret: z
      .string()
      .meta({ description: "The key itself. Shown once: only its hash is stored." }),
  }),
);

export const auditEntrySchema = component(
  "AuditEntry",
  z.object({
    id: z.number().int(),
    createdAt: timestamp,
    actor: z.object({ id: z.string(), name: z.string() }),
    action: z.string(),
    resource: z.object({ type: z.string(), key: z.string() }),
    project: z.string().nullable(),
    environment: z.string().nullable(),
    flag: z.string().nullable(),
    before: z.unknown(),
    after: z.unknown(),
    comment: z.string().nullable(),
    requestId: z.string(),
  }),
);

export const flagDocumentSchema = component(
  "FlagDocument",
  z.object({
    schemaVersion: z.literal(1),
    environment: z.string(),
    version: z.number().int(),
    flags: z.record(z.string(), documentFlagSchema),
    segments: z.record(
      z.string(),
      z.object({
        key: z.string(),
        version: z.number().int(),
        included: z.array(z.string()).optional(),
        excluded: z.array(z.string()).optional(),
        rules: z.array(z.object({ clauses: z.array(clauseSchema) })).optional(),
      }),
    ),
  }),
  "One environment's flag document (docs/evaluation.md)",
);

export function pageOf<S extends z.ZodType>(item: S) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
