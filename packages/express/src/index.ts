/**
 * @flagswitch/express — Express middleware that puts `req.flags`, bound to the request's
 * evaluation context, on every request. Importing the package types `req.flags` on Express's
 * `Request` through declaration merging.
 */
import type { RequestFlags } from "./request-flags.js";

declare global {
  namespace Express {
    interface Request {
      /** The FlagSwitch client bound to this request's context (set by `flagswitch()`). */
      flags: RequestFlags;
    }
  }
}

export { ContextResolutionError } from "./context-error.js";
export {
  ANONYMOUS_CONTEXT,
  type FlagSwitchMiddlewareOptions,
  type FlagsRequest,
  flagswitch,
} from "./middleware.js";
export type { RequestFlags } from "./request-flags.js";
