/**
 * Reads the credential of a request (`Authorization: Bearer <key>`, or the bare key as the SDK
 * protocol sends it), checks it against the key ring, and applies the failed-auth limiter.
 */
import type { FastifyRequest } from "fastify";
import { problems } from "../http/problem.js";
import type { FailedAuthLimiter } from "./failed-auth-limiter.js";
import type { KeyRing } from "./key-ring.js";
import type { Principal } from "./principal.js";

export interface Credential {
  value: string;
  from: "header" | "query";
}

export function credentialOf(request: FastifyRequest, allowQuery: boolean): Credential | undefined {
  const header = request.headers.authorization;
  if (typeof header === "string" && header.trim() !== "") {
    const trimmed = header.trim();
    const bearer = /^bearer\s+(.+)$/i.exec(trimmed);
    return { value: bearer ? (bearer[1] as string).trim() : trimmed, from: "header" };
  }
  const fromQuery = allowQuery ? (request.query as { key?: unknown } | undefined)?.key : undefined;
  return typeof fromQuery === "string" && fromQuery !== ""
    ? { value: fromQuery, from: "query" }
    : undefined;
}

export function authenticate(
  request: FastifyRequest,
  keyRing: KeyRing,
  limiter: FailedAuthLimiter,
  options: { allowClientKeyInQuery?: boolean } = {},
): Principal {
  const retryAfter = limiter.retryAfterSeconds(request.ip);
  if (retryAfter > 0) throw problems.tooManyAuthFailures(retryAfter);
  const credential = credentialOf(request, options.allowClientKeyInQuery === true);
  if (credential === undefined) {
    throw problems.unauthenticated(
      "missing Authorization header (send `Authorization: Bearer <key>`)",
    );
  }
  const check = keyRing.check(credential.value);
  const where =
    credential.from === "header" ? "the Authorization header" : "the `key` query parameter";
  if (!check.ok) {
    limiter.recordFailure(request.ip);
    const why = check.reason === "expired" ? "has expired" : "is not a valid, unrevoked key";
    throw problems.unauthenticated(
      `the key in ${where} ${why}`,
      credential.from,
      credential.from === "header" ? "Authorization" : "key",
    );
  }
  // A key in a URL ends up in logs: only the public, client-side kind may travel that way.
  if (credential.from === "query" && check.principal.kind !== "client") {
    throw problems.forbidden(
      "only client-side keys may be sent as `?key=`; send other keys in the Authorization header",
    );
  }
  return check.principal;
}
