/** The CLI's way to the admin API: base URL and token from flags or the environment; problems become readable errors. */
import { randomUUID } from "node:crypto";
import { type ParsedArgs, stringOption } from "./args.js";
import { CliError, type CliIo } from "./io.js";

export interface ApiClient {
  get<T>(path: string, query?: Record<string, string | number | boolean | undefined>): Promise<T>;
  send<T>(method: "POST" | "PATCH" | "DELETE", path: string, body?: unknown): Promise<T>;
}

interface ProblemBody {
  title?: string;
  detail?: string;
  errors?: Array<{ field?: string; in?: string; message?: string }>;
}

export function apiClient(args: ParsedArgs, io: CliIo): ApiClient {
  const base = (
    stringOption(args, "url") ??
    io.env.FLAGSWITCH_URL ??
    "http://127.0.0.1:8080"
  ).replace(/\/+$/, "");
  const token = stringOption(args, "token") ?? io.env.FLAGSWITCH_TOKEN;
  if (!token) throw new CliError("no admin token: pass --token or set FLAGSWITCH_TOKEN", 2);

  async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${token}`,
      accept: "application/json",
    };
    if (body !== undefined) headers["content-type"] = "application/json";
    // Writes carry an Idempotency-Key so that a retried command cannot apply twice.
    if (method !== "GET") headers["idempotency-key"] = randomUUID();
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch (error) {
      throw new CliError(
        `cannot reach the FlagSwitch server at ${base}: ${(error as Error).message}`,
      );
    }
    const text = await response.text();
    if (!response.ok) throw new CliError(describeProblem(response.status, text));
    return (text === "" ? null : JSON.parse(text)) as T;
  }

  return {
    get: (path, query) => {
      const search = new URLSearchParams();
      for (const [name, value] of Object.entries(query ?? {}))
        if (value !== undefined) search.set(name, String(value));
      const suffix = search.size > 0 ? `?${search}` : "";
      return request("GET", `${path}${suffix}`);
    },
    send: (method, path, body) => request(method, path, body),
  };
}

function describeProblem(status: number, text: string): string {
  try {
    const problem = JSON.parse(text) as ProblemBody;
    const lines = [`error ${status}: ${problem.detail ?? problem.title ?? "request failed"}`];
    for (const error of problem.errors ?? []) {
      lines.push(`  ${error.field || error.in || "input"}: ${error.message ?? ""}`);
    }
    return lines.join("\n");
  } catch {
    return `error ${status}: ${text.slice(0, 500)}`;
  }
}

export function segment(value: string): string {
  return encodeURIComponent(value);
}
