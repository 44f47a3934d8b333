/**
 * POST /sdk/v1/events: exposure and conversion batches from SDKs, stored append-only and
 * aggregated into experiment results in the same transaction (experiments/ingestion.ts). A batch
 * id is stored once, so SDK retries are safe.
 * Browsers may send the client-side key as `?key=` with a text/plain body (navigator.sendBeacon
 * can set neither headers nor a JSON content type).
 */
import { z } from "zod";
import type { IncomingEvent } from "../../db/repositories/events.js";
import { ingestEventBatch } from "../../experiments/ingestion.js";
import { problems } from "../../http/problem.js";
import { defineRoute } from "../../http/route.js";
import { problemSchema } from "../../schemas/resources.js";

/** Epoch milliseconds, or an ISO-8601 time. */
const timestamp = z.union([
  z.number().int().min(0).max(8.64e15),
  z
    .string()
    .max(64)
    .refine(
      (value) => !Number.isNaN(Date.parse(value)),
      "must be epoch milliseconds or an ISO-8601 time",
    ),
]);

const exposure = z.strictObject({
  kind: z.literal("exposure"),
  flagKey: z.string().min(1).max(128),
  flagVersion: z.number().int().min(0),
  variation: z.string().min(1).max(128).meta({ description: "The variation's key" }),
  contextKey: z.string().min(1).max(1024),
  experimentKey: z.string().min(1).max(128),
  ts: timestamp,
});

const conversion = z.strictObject({
  kind: z.literal("conversion"),
  eventKey: z.string().min(1).max(256),
  contextKey: z.string().min(1).max(1024),
  value: z.number().finite().optional(),
  ts: timestamp,
});

const batchSchema = (maxEvents: number) =>
  z.strictObject({
    batchId: z.string().min(1).max(128).optional(),
    sdk: z.strictObject({ name: z.string().min(1).max(100), version: z.string().min(1).max(50) }),
    events: z.array(z.discriminatedUnion("kind", [exposure, conversion])).max(maxEvents),
  });

export const MAX_EVENTS_PER_BATCH = 5000;

export const sdkEventsRoutes = [
  defineRoute({
    method: "POST",
    url: "/sdk/v1/events",
    operationId: "sendEvents",
    summary:
      "Send a batch of exposure and conversion events (server-side or client-side SDK key; CORS enabled)",
    tags: ["sdk"],
    access: { kind: "sdk", keys: ["server", "client"], clientKeyInQuery: true },
    cors: true,
    plainTextJson: true,
    msgpackBody: true,
    bodyLimit: 1024 * 1024,
    query: z.object({ key: z.string().max(512).optional() }),
    body: batchSchema(MAX_EVENTS_PER_BATCH),
    responses: {
      202: {
        description: "Accepted; `duplicate` when this batchId was already stored",
        schema: z.object({ accepted: z.number().int(), duplicate: z.boolean() }),
      },
      400: { description: "Invalid input", schema: problemSchema },
      413: { description: "The body is larger than 1 MiB", schema: problemSchema },
    },
    async handler({ services, sdk, body, reply }) {
      const receivedAt = services.clock.now().toISOString();
      const events = body.events.map((event): IncomingEvent => {
        const ts = typeof event.ts === "number" ? event.ts : Date.parse(event.ts);
        if (event.kind === "exposure") return { ...event, ts };
        const { value, ...rest } = event;
        return value === undefined ? { ...rest, ts } : { ...rest, value, ts };
      });
      let stored: boolean;
      try {
        stored = await ingestEventBatch(services.db, services.dialect, {
          environmentId: sdk.environmentId,
          batchId: body.batchId,
          receivedAt,
          sdk: body.sdk,
          events,
        });
      } catch (error) {
        services.logger.error({ err: error }, "storing an event batch failed");
        throw problems.unavailable(
          "events could not be stored right now; retry the batch (same batchId)",
        );
      }
      reply.code(202);
      return { accepted: stored ? events.length : 0, duplicate: !stored };
    },
  }),
];
