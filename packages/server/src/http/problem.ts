/**
 * Errors as RFC 9457 problem details (`application/problem+json`). Every error a route can
 * answer is a `Problem`; `errors` names each failing field with a JSON Pointer, where it was
 * (body, query, path, header, or the environment's flag document) and why.
 */
export interface FieldError {
  /** Human-readable path, e.g. `rules[0].clauses[1].op`; `""` for the whole input. */
  field: string;
  /** JSON Pointer into the input named by `in`, e.g. `/rules/0/clauses/1/op`. */
  pointer: string;
  in: "body" | "query" | "path" | "header" | "document";
  message: string;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

const TYPE_BASE = "https://flagswitch.dev/problems/";

export class Problem extends Error {
  readonly status: number;
  readonly title: string;
  readonly type: string;
  readonly errors: FieldError[];
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    slug: string,
    title: string,
    detail: string,
    errors: FieldError[] = [],
    headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = "Problem";
    this.status = status;
    this.type = `${TYPE_BASE}${slug}`;
    this.title = title;
    this.errors = errors;
    this.headers = headers;
  }

  toBody(instance?: string): ProblemBody {
    const body: ProblemBody = {
      type: this.type,
      title: this.title,
      status: this.status,
      detail: this.message,
    };
    if (instance) body.instance = instance;
    if (this.errors.length > 0) body.errors = this.errors;
    return body;
  }
}

export const problems = {
  validation: (errors: FieldError[], detail?: string) =>
    new Problem(
      400,
      "validation",
      "Invalid request",
      detail ?? errors.map((error) => `${error.field || error.in}: ${error.message}`).join("; "),
      errors,
    ),
  unauthenticated: (detail: string, where: FieldError["in"] = "header", field = "Authorization") =>
    new Problem(
      401,
      "unauthenticated",
      "Authentication required",
      detail,
      [{ field, pointer: where === "query" ? `/${field}` : "", in: where, message: detail }],
      {
        "www-authenticate": 'Bearer realm="flagswitch"',
      },
    ),
  forbidden: (detail: string) => new Problem(403, "forbidden", "Forbidden", detail),
  notFound: (detail: string) => new Problem(404, "not-found", "Not found", detail),
  conflict: (detail: string, errors: FieldError[] = []) =>
    new Problem(409, "conflict", "Conflict", detail, errors),
  preconditionFailed: (detail: string) =>
    new Problem(412, "precondition-failed", "Precondition failed", detail, [
      { field: "If-Match", pointer: "", in: "header", message: detail },
    ]),
  invalidDocument: (detail: string, errors: FieldError[]) =>
    new Problem(
      422,
      "invalid-flag-document",
      "The change would produce an invalid flag document",
      detail,
      errors,
    ),
  unprocessable: (slug: string, detail: string, errors: FieldError[] = []) =>
    new Problem(422, slug, "Unprocessable request", detail, errors),
  unavailable: (detail: string) =>
    new Problem(503, "unavailable", "Service unavailable", detail, [], { "retry-after": "1" }),
  payloadTooLarge: (detail: string) =>
    new Problem(413, "payload-too-large", "Payload too large", detail),
  tooManyAuthFailures: (retryAfterSeconds: number) =>
    new Problem(
      429,
      "too-many-auth-failures",
      "Too many failed authentication attempts",
      `too many failed authentication attempts from this address; retry in ${retryAfterSeconds} s`,
      [],
      { "retry-after": String(retryAfterSeconds) },
    ),
};

/** Shorthand for one field error in the request body. */
export function bodyError(pointer: string, message: string): FieldError {
  return { field: pointerToField(pointer), pointer, in: "body", message };
}

/** `/rules/0/clauses/1/op` → `rules[0].clauses[1].op`. */
export function pointerToField(pointer: string): string {
  if (pointer === "") return "";
  return pointer
    .slice(1)
    .split("/")
    .map((token) => token.replaceAll("~1", "/").replaceAll("~0", "~"))
    .reduce(
      (field, token) =>
        /^\d+$/.test(token) ? `${field}[${token}]` : field ? `${field}.${token}` : token,
      "",
    );
}

/** `["rules", 0, "op"]` → `/rules/0/op`. */
export function pathToPointer(path: ReadonlyArray<PropertyKey>): string {
  return path
    .map((token) => `/${String(token).replaceAll("~", "~0").replaceAll("/", "~1")}`)
    .join("");
}
