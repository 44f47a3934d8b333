import { describe, expect, it } from "vitest";
import { hasOperation, type OpenApiDocument, requestBodyFields } from "./capabilities.ts";

const document: OpenApiDocument = {
  paths: {
    "/api/v1/projects/{project}/experiments": {
      post: {
        requestBody: {
          content: {
            "application/json": {
              schema: {
                type: "object",
                properties: { key: {}, flag: {}, environment: {} },
                additionalProperties: false,
              },
            },
          },
        },
      },
      get: {},
    },
    "/api/v1/keys": {
      post: {
        requestBody: {
          content: {
            "application/json": {
              schema: {
                oneOf: [
                  { $ref: "#/components/schemas/AdminKey" },
                  { properties: { environment: {} } },
                ],
              },
            },
          },
        },
      },
    },
  },
  components: { schemas: { AdminKey: { properties: { kind: {}, role: {} } } } },
};

describe("server capabilities from its OpenAPI document", () => {
  it("lists the body fields an operation accepts, through $ref and unions", () => {
    expect([
      ...requestBodyFields(document, "/api/v1/projects/{project}/experiments", "POST"),
    ]).toEqual(["key", "flag", "environment"]);
    expect([...requestBodyFields(document, "/api/v1/keys", "post")].sort()).toEqual([
      "environment",
      "kind",
      "role",
    ]);
    expect(requestBodyFields(document, "/api/v1/projects/{project}/experiments", "get").size).toBe(
      0,
    );
    expect(requestBodyFields(document, "/nowhere", "post").size).toBe(0);
  });

  it("says whether an operation exists", () => {
    expect(hasOperation(document, "/api/v1/projects/{project}/experiments", "GET")).toBe(true);
    expect(
      hasOperation(document, "/api/v1/projects/{project}/experiments/{experiment}/results", "GET"),
    ).toBe(false);
  });
});
