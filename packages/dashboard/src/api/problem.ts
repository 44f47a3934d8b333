/**
 * Errors from the admin API. The server answers `application/problem+json` (RFC 9457) whose
 * `errors` name each failing field; `ApiError` keeps them so a form can show each message next
 * to its own input, and says which request failed when no field is named.
 */

export type FieldLocation = "body" | "query" | "path" | "header" | "document";

export interface FieldError {
  /** Human-readable path, e.g. `rules[0].clauses[1].op`; `""` for the whole input. */
  field: string;
  /** JSON Pointer into the input named by `in`. */
  pointer: string;
  in: FieldLocation;
  message: string;
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: FieldError[];
}

export class ApiError extends Error {
  readonly status: number;
  readonly problem: ProblemDetails;
  /** What was asked, e.g. `PUT /api/v1/projects/demo/environments/production/flags/checkout`. */
  readonly request: string;

  constructor(request: string, problem: ProblemDetails) {
    super(`${request} failed: ${problem.status} ${problem.title} — ${problem.detail}`);
    this.name = "ApiError";
    this.status = problem.status;
    this.problem = problem;
    this.request = request;
  }

  get fieldErrors(): readonly FieldError[] {
    return this.problem.errors ?? [];
  }

  /** The resource changed since it was read (stale `If-Match`). */
  get isConflict(): boolean {
    return this.status === 412;
  }

  get isUnauthenticated(): boolean {
    return this.status === 401;
  }

  /** Messages for one field and the fields inside it (`rules[0]` also collects `rules[0].clauses[1].op`). */
  messagesFor(field: string): string[] {
    return this.fieldErrors
      .filter((error) => isWithin(error.field, field))
      .map((error) => error.message);
  }
}

function isWithin(candidate: string, field: string): boolean {
  if (candidate === field) return true;
  if (!candidate.startsWith(field) || field === "") return false;
  const next = candidate[field.length];
  return next === "." || next === "[";
}

/** Field errors grouped by field, for forms that render one message list per input. */
export function fieldMessages(error: unknown): Map<string, string[]> {
  const messages = new Map<string, string[]>();
  if (!(error instanceof ApiError)) return messages;
  for (const fieldError of error.fieldErrors) {
    const list = messages.get(fieldError.field) ?? [];
    list.push(fieldError.message);
    messages.set(fieldError.field, list);
  }
  return messages;
}

/** A message for any thrown value: the problem's detail, or the error's own message. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.problem.detail || error.problem.title;
  if (error instanceof Error) return error.message;
  return String(error);
}

/** Reads a failed response as a problem, whatever the server (or a proxy in front) sent. */
export async function readProblem(response: Response): Promise<ProblemDetails> {
  const text = await response.text().catch(() => "");
  const contentType = response.headers.get("content-type") ?? "";
  if (text !== "" && /[/+]json\b/.test(contentType)) {
    try {
      const parsed = JSON.parse(text) as Partial<ProblemDetails>;
      if (typeof parsed === "object" && parsed !== null) {
        return {
          type: typeof parsed.type === "string" ? parsed.type : "about:blank",
          title: typeof parsed.title === "string" ? parsed.title : response.statusText,
          status: typeof parsed.status === "number" ? parsed.status : response.status,
          detail: typeof parsed.detail === "string" ? parsed.detail : text,
          ...(typeof parsed.instance === "string" ? { instance: parsed.instance } : {}),
          ...(Array.isArray(parsed.errors) ? { errors: parsed.errors.filter(isFieldError) } : {}),
        };
      }
    } catch {
      // not JSON after all: fall through to the text
    }
  }
  return {
    type: "about:blank",
    title: response.statusText || `HTTP ${response.status}`,
    status: response.status,
    detail: text.slice(0, 500) || `the server answered ${response.status} without details`,
  };
}

function isFieldError(value: unknown): value is FieldError {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate.field === "string" && typeof candidate.message === "string";
}
