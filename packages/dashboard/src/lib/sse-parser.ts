/**
 * An incremental parser of `text/event-stream` (the WHATWG server-sent events format), for
 * streams read with fetch — EventSource cannot send an `Authorization` header. Feed it text as it
 * arrives, in chunks cut anywhere; it calls back once per complete event.
 */
export interface ServerSentEvent {
  /** `message` when the event names none. */
  event: string;
  data: string;
  /** The last `id:` seen on the stream so far (as EventSource's lastEventId). */
  id: string | undefined;
}

export interface SseParser {
  push(text: string): void;
  /** The id to resume from (`Last-Event-ID`). */
  readonly lastEventId: string | undefined;
}

export function createSseParser(onEvent: (event: ServerSentEvent) => void): SseParser {
  let buffer = "";
  let lastEventId: string | undefined;
  let eventName = "";
  let data: string[] = [];

  const dispatch = () => {
    if (data.length > 0)
      onEvent({ event: eventName || "message", data: data.join("\n"), id: lastEventId });
    eventName = "";
    data = [];
  };

  const line = (text: string) => {
    if (text === "") return dispatch();
    if (text.startsWith(":")) return; // a comment: the heartbeat
    const colon = text.indexOf(":");
    const field = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? "" : text.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") eventName = value;
    else if (field === "data") data.push(value);
    // An id with a NUL is ignored, as the specification says.
    else if (field === "id" && !value.includes("\0")) lastEventId = value;
  };

  return {
    push(text) {
      buffer += text;
      // Lines end with \n, \r\n or \r; a trailing \r may be the first half of \r\n: keep it.
      let start = 0;
      for (let index = 0; index < buffer.length; index++) {
        const char = buffer[index];
        if (char !== "\n" && char !== "\r") continue;
        if (char === "\r" && index === buffer.length - 1) break;
        line(buffer.slice(start, index));
        if (char === "\r" && buffer[index + 1] === "\n") index++;
        start = index + 1;
      }
      buffer = buffer.slice(start);
    },
    get lastEventId() {
      return lastEventId;
    },
  };
}
