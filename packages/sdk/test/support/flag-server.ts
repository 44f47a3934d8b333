/**
 * A real HTTP server on a loopback port that speaks the SDK protocol — `GET /sdk/v1/flags` with
 * ETags and `GET /sdk/v1/stream` as server-sent events — and misbehaves on request: status codes,
 * Retry-After, slow or cut-off answers, malformed bodies, dropped streams, silence, absence.
 */
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export type FlagsBehaviour =
  | { kind: "serve" }
  | { kind: "status"; status: number; retryAfter?: string }
  | { kind: "slow"; delayMs: number }
  | { kind: "malformed" }
  | { kind: "truncated" };

export type StreamBehaviour =
  | { kind: "serve" }
  | { kind: "status"; status: number; retryAfter?: string }
  /** Opens the stream (200, event-stream) and then says nothing, heartbeat included. */
  | { kind: "silent" };

export interface RecordedRequest {
  path: string;
  headers: IncomingMessage["headers"];
  at: number;
}

export class FlagServer {
  document: unknown;
  flags: FlagsBehaviour = { kind: "serve" };
  stream: StreamBehaviour = { kind: "serve" };
  readonly requests: RecordedRequest[] = [];
  readonly #streams = new Set<ServerResponse>();
  readonly #sockets = new Set<Socket>();
  #server: Server | undefined;
  #port: number;

  private constructor(document: unknown, port: number) {
    this.document = document;
    this.#port = port;
  }

  /** Starts on a free port, or on `port` (to come back where a client expects it). */
  static async start(document: unknown, port = 0): Promise<FlagServer> {
    const server = new FlagServer(document, port);
    await server.listen();
    return server;
  }

  /** A port nothing listens on now (for "server absent at start-up"). */
  static async freePort(): Promise<number> {
    const probe = createServer();
    probe.listen(0, "127.0.0.1");
    await once(probe, "listening");
    const { port } = probe.address() as AddressInfo;
    probe.close();
    await once(probe, "close");
    return port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  get openStreams(): number {
    return this.#streams.size;
  }

  requestsTo(path: string): RecordedRequest[] {
    return this.requests.filter((request) => request.path === path);
  }

  async listen(): Promise<void> {
    const server = createServer((request, response) => this.#handle(request, response));
    server.on("connection", (socket) => {
      this.#sockets.add(socket);
      socket.on("close", () => this.#sockets.delete(socket));
    });
    server.listen(this.#port, "127.0.0.1");
    await once(server, "listening");
    this.#port = (server.address() as AddressInfo).port;
    this.#server = server;
  }

  /** Stops listening and cuts every connection (a crash, as the client sees it). */
  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    if (!server) return;
    for (const stream of this.#streams) stream.destroy();
    this.#streams.clear();
    for (const socket of this.#sockets) socket.destroy();
    server.close();
    await once(server, "close");
  }

  /** Replaces the document and pushes it as a `put` to every open stream. */
  publish(document: unknown): void {
    this.document = document;
    const version = (document as { version?: unknown })?.version;
    this.send("put", document, String(version));
  }

  /** Sends an event to every open stream. */
  send(event: string, data: unknown, id?: string): void {
    const text = `${id ? `id: ${id}\n` : ""}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const stream of this.#streams) stream.write(text);
  }

  /** Writes raw text to every open stream (a cut-off event, a comment). */
  sendRaw(text: string): void {
    for (const stream of this.#streams) stream.write(text);
  }

  /** Ends every open stream abruptly. */
  dropStreams(): void {
    for (const stream of this.#streams) stream.destroy();
    this.#streams.clear();
  }

  #etag(): string {
    return `"${(this.document as { version?: unknown })?.version ?? "none"}"`;
  }

  #handle(request: IncomingMessage, response: ServerResponse): void {
    const path = (request.url ?? "").split("?")[0] ?? "";
    this.requests.push({ path, headers: request.headers, at: Date.now() });
    if (!request.headers.authorization?.startsWith("Bearer test-key")) {
      response.writeHead(401).end();
      return;
    }
    if (path === "/sdk/v1/flags") this.#flags(request, response);
    else if (path === "/sdk/v1/stream") this.#stream(response);
    else response.writeHead(404).end();
  }

  #flags(request: IncomingMessage, response: ServerResponse): void {
    const behaviour = this.flags;
    const body = JSON.stringify(this.document);
    switch (behaviour.kind) {
      case "status":
        response.writeHead(behaviour.status, {
          ...(behaviour.retryAfter ? { "retry-after": behaviour.retryAfter } : {}),
        });
        response.end();
        return;
      case "malformed":
        response
          .writeHead(200, { "content-type": "application/json" })
          .end('{"schemaVersion": 1, "fla');
        return;
      case "truncated":
        // Promises more than it sends, then cuts the connection.
        response.writeHead(200, {
          "content-type": "application/json",
          "content-length": body.length * 2,
        });
        response.write(body.slice(0, 10));
        setTimeout(() => response.destroy(), 5);
        return;
      case "slow":
        setTimeout(() => this.#serveFlags(request, response, body), behaviour.delayMs).unref();
        return;
      case "serve":
        this.#serveFlags(request, response, body);
    }
  }

  #serveFlags(request: IncomingMessage, response: ServerResponse, body: string): void {
    if (response.destroyed) return;
    const etag = this.#etag();
    if (request.headers["if-none-match"] === etag) {
      response.writeHead(304, { etag }).end();
      return;
    }
    response.writeHead(200, { "content-type": "application/json", etag }).end(body);
  }

  #stream(response: ServerResponse): void {
    const behaviour = this.stream;
    if (behaviour.kind === "status") {
      response.writeHead(behaviour.status, {
        ...(behaviour.retryAfter ? { "retry-after": behaviour.retryAfter } : {}),
      });
      response.end();
      return;
    }
    response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store" });
    response.flushHeaders();
    this.#streams.add(response);
    response.on("close", () => this.#streams.delete(response));
    if (behaviour.kind === "serve") {
      const version = (this.document as { version?: unknown })?.version;
      response.write(
        `id: ${String(version)}\nevent: put\ndata: ${JSON.stringify(this.document)}\n\n`,
      );
    }
  }
}
