/**
 * A real HTTP server on a loopback port standing in for the events endpoint: it records every
 * request (URL, headers, raw body) and answers with the statuses a test queues (202 after that).
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Date.now() when the body was complete. */
  at: number;
}

export interface EventServer {
  url: string;
  received: ReceivedRequest[];
  /** The next requests get these statuses, in order (then 202). */
  answerWith(...statuses: number[]): void;
  /** Resolves once at least `count` requests arrived (fails after `timeoutMs`). */
  waitForRequests(count: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
  close(): Promise<void>;
}

export async function startEventServer(): Promise<EventServer> {
  const received: ReceivedRequest[] = [];
  const statuses: number[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({
        method: request.method ?? "",
        url: request.url ?? "",
        headers: request.headers,
        body: Buffer.concat(chunks),
        at: Date.now(),
      });
      const status = statuses.shift() ?? 202;
      const body =
        status === 202
          ? { accepted: 1, duplicate: false }
          : { title: "refused", detail: `test server answered ${status}` };
      response.writeHead(status, {
        "content-type": status === 202 ? "application/json" : "application/problem+json",
      });
      response.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    answerWith(...next) {
      statuses.push(...next);
    },
    async waitForRequests(count, timeoutMs = 3_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline)
          throw new Error(`expected ${count} requests, got ${received.length} in ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      return received;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The JSON body of a request. */
// biome-ignore lint/suspicious/noExplicitAny: tests assert on bodies field by field.
export function jsonBody(request: ReceivedRequest | undefined): any {
  if (!request) throw new Error("no such request");
  return JSON.parse(request.body.toString("utf8"));
}
