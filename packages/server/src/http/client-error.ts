/**
 * Requests Node rejects before any route sees them — unparsable HTTP, headers too large, a slow
 * client past its deadline — still get an `application/problem+json` answer (if the socket can
 * take one), then the connection is closed.
 */
import { STATUS_CODES } from "node:http";
import type { Socket } from "node:net";

const TYPE_BASE = "https://flagswitch.dev/problems/";

export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  // A reset connection has nobody left to answer.
  if (error.code === "ECONNRESET" || socket.destroyed) return;
  const [status, slug, detail] =
    error.code === "ERR_HTTP_REQUEST_TIMEOUT"
      ? [408, "request-timeout", "the request was not received in time; the connection is closed"]
      : error.code === "HPE_HEADER_OVERFLOW"
        ? [431, "headers-too-large", "the request headers are larger than this server accepts"]
        : [400, "bad-http", "the request is not valid HTTP/1.1"];
  const title = STATUS_CODES[status] ?? "Bad request";
  const body = JSON.stringify({ type: `${TYPE_BASE}${slug}`, title, status, detail });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${title}\r\nContent-Type: application/problem+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}
