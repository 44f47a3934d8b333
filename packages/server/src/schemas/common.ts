/** Small schemas every route shares: resource keys, comments, pagination. */
import { z } from "zod";

/** Keys of projects, environments, flags, segments and experiments: URL-safe and bounded. */
export const resourceKey = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/,
    "must be 1–128 characters of letters, digits, '.', '_' or '-', starting with a letter or digit",
  );

export const displayName = z.string().trim().min(1).max(200);
export const description = z.string().max(5000);
export const comment = z.string().max(2000).optional();
/** Tags are case-insensitive: stored lower-case. */
export const tags = z.array(z.string().trim().min(1).max(64).toLowerCase()).max(50);

export const paginationQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});

/** A query-string boolean: `true`/`false`/`1`/`0`. */
export const queryBoolean = z
  .enum(["true", "false", "1", "0"])
  .transform((value) => value === "true" || value === "1");

/** `?force=true` lets a change of a running experiment's variations or split through (audited). */
export const forceQuery = z.object({
  force: queryBoolean
    .optional()
    .meta({ description: "Change a running experiment's variations or split anyway (audited)" }),
});

export const projectParams = z.object({ project: resourceKey });
export const environmentParams = z.object({ project: resourceKey, environment: resourceKey });
export const flagParams = z.object({ project: resourceKey, flag: resourceKey });
export const flagInEnvironmentParams = z.object({
  project: resourceKey,
  environment: resourceKey,
  flag: resourceKey,
});
export const segmentParams = z.object({
  project: resourceKey,
  environment: resourceKey,
  segment: resourceKey,
});
export const experimentParams = z.object({ project: resourceKey, experiment: resourceKey });

/** Bodies that carry nothing but an optional audit comment (DELETE and action routes). */
export const commentOnlyBody = z.strictObject({ comment }).optional();

/** A metric as requests give it (`kind` defaults to `binomial`). */
export const metricInput = z.strictObject({
  eventKey: z.string().min(1).max(256),
  kind: z.enum(["binomial", "value"]).default("binomial"),
});
