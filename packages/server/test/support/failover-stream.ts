/**
 * What an SDK given several base URLs does with the stream (the documented failover): follow
 * one server's `/sdk/v1/stream`; when it ends or fails, reconnect to the next base URL after a
 * short backoff, sending `Last-Event-ID` with the last version received; keep the document it
 * holds meanwhile (evaluations go on from it). Patches and deletes are applied only when newer,
 * with @flagswitch/core, as the SDK does.
 */
import { applyDelete, applyPatch, type FlagDocument, validateDocument } from "@flagswitch/core";

export interface ReceivedEvent {
  url: string;
  event: string;
  id: string | undefined;
}

export interface FailoverStream {
  document(): FlagDocument | undefined;
  readonly lastEventId: string | undefined;
  /** Every event received, with the server it came from. */
  readonly received: ReceivedEvent[];
  /** Connections opened so far (1 + reconnections). */
  readonly connections: number;
  waitUntil(condition: () => boolean, timeoutMs?: number): Promise<void>;
  close(): void;
}

export function followWithFailover(
  baseUrls: string[],
  key: string,
  options: { backoffMs?: number } = {},
): FailoverStream {
  const backoffMs = options.backoffMs ?? 100;
  let document: FlagDocument | undefined;
  let lastEventId: string | undefined;
  let connections = 0;
  let closed = false;
  let controller = new AbortController();
  const received: ReceivedEvent[] = [];

  const apply = (url: string, event: string, data: string) => {
    received.push({ url, event, id: lastEventId });
    if (event === "put") {
      const result = validateDocument(JSON.parse(data));
      if (result.ok) document = result.document;
    } else if (document && (event === "patch" || event === "delete")) {
      const result =
        event === "patch"
          ? applyPatch(document, JSON.parse(data))
          : applyDelete(document, JSON.parse(data));
      if (result.ok) document = result.document;
    }
  };

  const follow = async (url: string) => {
    connections += 1;
    controller = new AbortController();
    const response = await fetch(`${url}/sdk/v1/stream`, {
      headers: {
        authorization: key,
        accept: "text/event-stream",
        ...(lastEventId ? { "last-event-id": lastEventId } : {}),
      },
      signal: controller.signal,
    });
    if (response.status !== 200 || !response.body) return;
    const decoder = new TextDecoder();
    let buffer = "";
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let event = "message";
        const data: string[] = [];
        let fields = 0;
        for (const line of block.split("\n")) {
          if (line.startsWith(":")) continue;
          const colon = line.indexOf(":");
          const field = colon < 0 ? line : line.slice(0, colon);
          const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
          fields += 1;
          if (field === "event") event = value;
          else if (field === "id") lastEventId = value;
          else if (field === "data") data.push(value);
        }
        if (fields > 0) apply(url, event, data.join("\n"));
      }
    }
  };

  void (async () => {
    for (let attempt = 0; !closed; attempt += 1) {
      const url = baseUrls[attempt % baseUrls.length] as string;
      try {
        await follow(url);
      } catch {
        // refused, reset or aborted: try the next server
      }
      if (!closed) await new Promise((resolve) => setTimeout(resolve, backoffMs));
    }
  })();

  return {
    document: () => document,
    get lastEventId() {
      return lastEventId;
    },
    received,
    get connections() {
      return connections;
    },
    async waitUntil(condition, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (!condition()) {
        if (Date.now() > deadline) {
          throw new Error(
            `failover stream: condition not met in ${timeoutMs} ms; received ${JSON.stringify(received.slice(-10))}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    close() {
      closed = true;
      controller.abort();
    },
  };
}
