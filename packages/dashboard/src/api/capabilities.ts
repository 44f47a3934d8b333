/**
 * What the server this dashboard talks to accepts, read from its OpenAPI document (the server
 * generates it from the same schemas that validate requests). Lets the UI offer only fields the
 * server takes — e.g. experiment metrics, which arrive with a later server version — instead of
 * offering them and failing with "unknown field".
 */

type Json = Record<string, unknown>;

export interface OpenApiDocument {
  paths?: Record<string, Record<string, Json>>;
  components?: { schemas?: Record<string, Json> };
}

/** The top-level JSON body fields an operation accepts (empty when it has no JSON body). */
export function requestBodyFields(
  document: OpenApiDocument,
  path: string,
  method: string,
): Set<string> {
  const operation = document.paths?.[path]?.[method.toLowerCase()];
  const content = (operation?.requestBody as Json | undefined)?.content as Json | undefined;
  const schema = (content?.["application/json"] as Json | undefined)?.schema as Json | undefined;
  const fields = new Set<string>();
  collect(document, schema, fields, 0);
  return fields;
}

/** Whether an operation exists (e.g. GET /api/v1/projects/{project}/experiments/{experiment}/results). */
export function hasOperation(document: OpenApiDocument, path: string, method: string): boolean {
  return document.paths?.[path]?.[method.toLowerCase()] !== undefined;
}

function collect(
  document: OpenApiDocument,
  schema: Json | undefined,
  fields: Set<string>,
  depth: number,
): void {
  if (!schema || depth > 8) return;
  const ref = schema.$ref;
  if (typeof ref === "string" && ref.startsWith("#/components/schemas/")) {
    collect(
      document,
      document.components?.schemas?.[ref.slice("#/components/schemas/".length)],
      fields,
      depth + 1,
    );
  }
  for (const key of Object.keys((schema.properties as Json | undefined) ?? {})) fields.add(key);
  for (const combinator of ["anyOf", "oneOf", "allOf"] as const) {
    const parts = schema[combinator];
    if (Array.isArray(parts))
      for (const part of parts) collect(document, part as Json, fields, depth + 1);
  }
}
