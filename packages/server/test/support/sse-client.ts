/**
 * A minimal server-sent-events reader for tests: records events and comment lines as they
 * arrive. As in EventSource, an event's `id` is the last id seen on the stream so far (an event
 * without an `id:` field keeps the previous one).
 */
export interface SseEvent {
  event: string;
  id: string | undefined;
  data: string;
}

export interface SseConnection {
  status: number;
  headers: Headers;
  events: SseEvent[];
  comments: number;
  /** The last `id:` received: what a reconnecting client sends as Last-Event-ID. */
  lastEventId: string | undefined;
  closed: boolean;
  /** Resolves with the first recorded event (from the start) that matches. */
  waitFor(predicate: (event: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>;
  waitUntil(condition: () => boolean, timeoutMs?: number): Promise<void>;
  close(): void;
}

export async function openSse(
  url: string,
  headers: Record<string, string>,
): Promise<SseConnection> {
  const controller = new AbortController();
  const response = await fetch(url, {
    headers: { accept: "text/event-stream", ...headers },
    signal: controller.signal,
  });
  const connection: SseConnection = {
    status: response.status,
    headers: response.headers,
    events: [],
    comments: 0,
    lastEventId: undefined,
    closed: false,
    async waitFor(predicate, timeoutMs = 3000) {
      let found: SseEvent | undefined;
      await connection.waitUntil(() => {
        found = connection.events.find(predicate);
        return found !== undefined;
      }, timeoutMs);
      return found as SseEvent;
    },
    async waitUntil(condition, timeoutMs = 3000) {
      const deadline = Date.now() + timeoutMs;
      while (!condition()) {
        if (Date.now() > deadline)
          throw new Error(
            `SSE condition not met in ${timeoutMs} ms; events: ${JSON.stringify(connection.events.map((event) => event.event))}`,
          );
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    close: () => controller.abort(),
  };
  if (!response.body || response.status !== 200) return connection;
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let boundary = buffer.indexOf("\n\n");
        while (boundary >= 0) {
          parseBlock(buffer.slice(0, boundary), connection);
          buffer = buffer.slice(boundary + 2);
          boundary = buffer.indexOf("\n\n");
        }
      }
    } catch {
      // aborted by close()
    } finally {
      connection.closed = true;
    }
  })();
  return connection;
}

function parseBlock(block: string, connection: SseConnection): void {
  let event = "message";
  const data: string[] = [];
  let sawField = false;
  for (const line of block.split("\n")) {
    if (line.startsWith(":")) {
      connection.comments += 1;
      continue;
    }
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
    sawField = true;
    if (field === "event") event = value;
    else if (field === "id") connection.lastEventId = value;
    else if (field === "data") data.push(value);
  }
  if (sawField)
    connection.events.push({ event, id: connection.lastEventId, data: data.join("\n") });
}
