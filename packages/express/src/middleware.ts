/**
 * The middleware: resolves the request's evaluation context once, binds the client to it as
 * `req.flags`, and always calls `next()` — a failing context function degrades the request to
 * the anonymous context instead of failing it.
 */
import type { EvaluationContext } from "@flagswitch/core";
import type { FlagClient } from "@flagswitch/sdk";
import type { Request as ExpressRequest } from "express";
import { ContextResolutionError } from "./context-error.js";
import { bindRequestFlags, type RequestFlags } from "./request-flags.js";

/** The parts of a request the middleware touches; Express's `Request` has them all. */
export interface FlagsRequest {
  method?: string;
  originalUrl?: string;
  url?: string;
  flags?: RequestFlags;
}

export interface FlagSwitchMiddlewareOptions<Req extends FlagsRequest = ExpressRequest> {
  /**
   * Who the request is for, e.g. `req => ({ key: req.user.id, plan: req.user.plan })`. May
   * return a promise. Default, and whenever it throws: the anonymous context.
   */
  context?: (req: Req) => EvaluationContext | Promise<EvaluationContext>;
  /** Told when the context function failed; default: `console.warn`. */
  onError?: (error: ContextResolutionError, req: Req) => void;
}

/**
 * The context of a request nobody could be identified for: no key, so targets and rollouts
 * do not apply and every flag serves what it serves to everyone.
 */
export const ANONYMOUS_CONTEXT: EvaluationContext = Object.freeze({ anonymous: true });

/**
 * Puts `req.flags` on every request, bound to the request's context.
 *
 * @example
 * ```ts
 * const client = createClient({ sdkKey: process.env.FLAGSWITCH_SDK_KEY, baseUrl });
 * app.use(flagswitch(client, { context: (req) => ({ key: req.get("x-user-id") ?? "anonymous" }) }));
 * app.get("/checkout", (req, res) => {
 *   res.send(req.flags.bool("new-checkout", false) ? "new" : "classic");
 * });
 * ```
 */
export function flagswitch<Req extends FlagsRequest = ExpressRequest>(
  client: FlagClient,
  options: FlagSwitchMiddlewareOptions<Req> = {},
): (req: Req, res: unknown, next: (error?: unknown) => void) => void {
  const resolveContext = options.context;
  const report =
    options.onError ?? ((error: ContextResolutionError) => console.warn(error.message));

  function degrade(req: Req, cause: unknown): void {
    try {
      report(
        new ContextResolutionError(req.method ?? "?", req.originalUrl ?? req.url ?? "?", cause),
        req,
      );
    } catch {
      // The error reporter itself failed: the request still goes on.
    }
    req.flags = bindRequestFlags(client, ANONYMOUS_CONTEXT);
  }

  return (req, _res, next) => {
    if (!resolveContext) {
      req.flags = bindRequestFlags(client, ANONYMOUS_CONTEXT);
      next();
      return;
    }
    let resolved: EvaluationContext | Promise<EvaluationContext>;
    try {
      resolved = resolveContext(req);
    } catch (error) {
      degrade(req, error);
      next();
      return;
    }
    if (!isPromiseLike(resolved)) {
      const context = validContext(resolved);
      if (context) req.flags = bindRequestFlags(client, context);
      else degrade(req, new TypeError("it returned no context object"));
      next();
      return;
    }
    Promise.resolve(resolved).then(
      (context) => {
        if (validContext(context)) req.flags = bindRequestFlags(client, context);
        else degrade(req, new TypeError("it resolved to no context object"));
        next();
      },
      (error: unknown) => {
        degrade(req, error);
        next();
      },
    );
  };
}

function isPromiseLike(value: unknown): value is PromiseLike<EvaluationContext> {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { then?: unknown }).then === "function"
  );
}

function validContext(value: unknown): EvaluationContext | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as EvaluationContext)
    : undefined;
}
