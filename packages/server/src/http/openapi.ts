/**
 * The OpenAPI 3.1 document, generated from the route definitions' zod schemas (zod 4 converts
 * to JSON Schema 2020-12 itself, which is what OpenAPI 3.1 uses — no second converter to keep
 * in step). Registered resource schemas become `components.schemas` and are referenced.
 */
import { z } from "zod";
import { componentRegistry, problemSchema } from "../schemas/resources.js";
import type { RouteDefinition } from "./route.js";

type JsonObject = Record<string, unknown>;

const COMPONENT_PREFIX = "#/components/schemas/";

export function buildOpenApiDocument(
  routes: RouteDefinition[],
  info: { version: string },
): JsonObject {
  const paths: Record<string, Record<string, JsonObject>> = {};
  for (const route of routes) {
    const path = route.url.replace(/:([A-Za-z]+)/g, "{$1}");
    paths[path] ??= {};
    (paths[path] as Record<string, JsonObject>)[route.method.toLowerCase()] = operation(route);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "FlagSwitch API",
      version: info.version,
      description:
        "Admin API (`/api/v1`, admin tokens) and SDK protocol (`/sdk/v1`, SDK keys). Errors are `application/problem+json` naming the failing field. Writes take `If-Match` (the resource version from its ETag; 412 when stale) and `Idempotency-Key` (a retry returns the first answer).",
    },
    servers: [{ url: "/" }],
    paths,
    components: {
      schemas: components(),
      securitySchemes: {
        adminToken: { type: "http", scheme: "bearer", description: "An admin token (fs_admin_…)" },
        sdkKey: {
          type: "apiKey",
          in: "header",
          name: "Authorization",
          description: "An SDK key (fs_server_… or fs_client_…), bare or as `Bearer <key>`",
        },
      },
    },
  };
}

function operation(route: RouteDefinition): JsonObject {
  const parameters: JsonObject[] = [];
  for (const [name, schema] of Object.entries(objectProperties(route.params))) {
    parameters.push({ name, in: "path", required: true, schema });
  }
  const query = route.query ? convert(route.query, "input") : undefined;
  const required = new Set((query?.required as string[] | undefined) ?? []);
  for (const [name, schema] of Object.entries(
    (query?.properties as JsonObject | undefined) ?? {},
  )) {
    parameters.push({ name, in: "query", required: required.has(name), schema });
  }
  if (route.write) {
    parameters.push(
      {
        name: "If-Match",
        in: "header",
        required: false,
        schema: { type: "string" },
        description: 'The version you read (its ETag, e.g. "3"); 412 if it moved on',
      },
      {
        name: "Idempotency-Key",
        in: "header",
        required: false,
        schema: { type: "string", maxLength: 255 },
        description: "A retry with the same key returns the first answer and changes nothing",
      },
    );
  }
  const result: JsonObject = {
    operationId: route.operationId,
    summary: route.summary,
    tags: route.tags,
    parameters,
    responses: Object.fromEntries(
      Object.entries({ ...standardErrors(route), ...route.responses }).map(([status, spec]) => [
        status,
        {
          description: spec.description,
          ...(spec.schema || spec.contentType
            ? {
                content: {
                  [spec.contentType ??
                    (Number(status) >= 400 ? "application/problem+json" : "application/json")]: {
                    schema: spec.schema ? schemaOrRef(spec.schema, "output") : { type: "string" },
                  },
                },
              }
            : {}),
        },
      ]),
    ),
  };
  if (route.description) result.description = route.description;
  if (route.access.kind === "admin") result.security = [{ adminToken: [] }];
  if (route.access.kind === "sdk") result.security = [{ sdkKey: [] }];
  if (route.body) {
    const optional = route.body.safeParse(undefined).success;
    const content: JsonObject = {
      "application/json": { schema: schemaOrRef(route.body, "input") },
    };
    if (route.plainTextJson)
      content["text/plain"] = {
        schema: { type: "string", description: "The same JSON, sent as text (sendBeacon)" },
      };
    if (route.msgpackBody)
      content["application/msgpack"] = {
        schema: { type: "string", format: "binary", description: "The same body as MessagePack" },
      };
    result.requestBody = { required: !optional, content };
  }
  return result;
}

function standardErrors(route: RouteDefinition): RouteDefinition["responses"] {
  if (route.access.kind === "public") return {};
  return {
    401: { description: "Missing or invalid key", schema: problemSchema },
    403: { description: "The key may not do this", schema: problemSchema },
    429: {
      description: "Too many failed authentications from this address",
      schema: problemSchema,
    },
  };
}

function schemaOrRef(schema: z.ZodType, io: "input" | "output"): JsonObject {
  const meta = componentRegistry.get(schema);
  if (meta?.id) return { $ref: `${COMPONENT_PREFIX}${meta.id}` };
  return convert(schema, io);
}

/** zod → JSON Schema, with registered components referenced where OpenAPI keeps them. */
function convert(schema: z.ZodType, io: "input" | "output"): JsonObject {
  const converted = z.toJSONSchema(schema, {
    metadata: componentRegistry,
    io,
    unrepresentable: "any",
  }) as JsonObject;
  delete converted.$schema;
  delete converted.$defs;
  return JSON.parse(
    JSON.stringify(converted).replaceAll('"#/$defs/', `"${COMPONENT_PREFIX}`),
  ) as JsonObject;
}

function objectProperties(schema: z.ZodType | undefined): JsonObject {
  if (!schema) return {};
  return (convert(schema, "input").properties as JsonObject | undefined) ?? {};
}

function components(): JsonObject {
  const { schemas } = z.toJSONSchema(componentRegistry, {
    uri: (id) => `${COMPONENT_PREFIX}${id}`,
    unrepresentable: "any",
  }) as { schemas: Record<string, JsonObject> };
  for (const schema of Object.values(schemas)) {
    delete schema.$schema;
    delete schema.$id;
  }
  return schemas;
}
