/** Content negotiation for SDK reads: MessagePack on request, gzip when accepted. */
import type { FastifyRequest } from "fastify";
import type { DocumentFormat } from "../../documents/published-document.js";

export function preferredFormat(request: FastifyRequest): DocumentFormat {
  const accept = request.headers.accept ?? "";
  return /application\/(x-)?msgpack/i.test(accept) ? "msgpack" : "json";
}

export function acceptsGzip(request: FastifyRequest): boolean {
  const header = request.headers["accept-encoding"];
  const value = Array.isArray(header) ? header.join(",") : (header ?? "");
  return value
    .split(",")
    .map((part) => part.trim().split(";"))
    .some(
      ([coding, ...params]) =>
        coding?.trim().toLowerCase() === "gzip" &&
        !params.some((param) => /^\s*q=0(\.0*)?\s*$/.test(param)),
    );
}

/** Weak comparison of `If-None-Match` against our ETag (a list, or `*`). */
export function matchesEtag(request: FastifyRequest, etag: string): boolean {
  const header = request.headers["if-none-match"];
  if (header === undefined) return false;
  const ours = etag.replace(/^W\//, "");
  return header
    .split(",")
    .map((tag) => tag.trim())
    .some((tag) => tag === "*" || tag.replace(/^W\//, "") === ours);
}
