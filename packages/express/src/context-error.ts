/** The error the middleware reports when the application's context function fails. */

export class ContextResolutionError extends Error {
  /** Stable and safe to branch on, like the SDK's own error codes. */
  readonly code = "CONTEXT_RESOLUTION";
  readonly method: string;
  readonly path: string;
  constructor(method: string, path: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      `@flagswitch/express: the context function failed for ${method} ${path} (${reason}); ` +
        "this request is evaluated for the anonymous context",
      { cause },
    );
    this.name = "ContextResolutionError";
    this.method = method;
    this.path = path;
  }
}
