import type { ValidationError } from "./types.js";

/** Collects validation errors, each at a JSON Pointer (RFC 6901) into the document. */
export class ProblemList {
  readonly errors: ValidationError[] = [];

  add(path: string, message: string): void {
    this.errors.push({ path, message });
  }

  get isEmpty(): boolean {
    return this.errors.length === 0;
  }
}

/** `path` extended by one object key or array index, escaped as JSON Pointer requires. */
export function pointer(path: string, key: string | number): string {
  if (typeof key === "number" || (!key.includes("~") && !key.includes("/")))
    return `${path}/${key}`;
  return `${path}/${key.replaceAll("~", "~0").replaceAll("/", "~1")}`;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Own property only: a document or context must never reach `constructor`, `__proto__`… */
export function ownField(record: Record<string, unknown>, name: string): unknown {
  return Object.hasOwn(record, name) ? record[name] : undefined;
}
