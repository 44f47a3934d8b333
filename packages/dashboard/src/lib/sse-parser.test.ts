import { describe, expect, it } from "vitest";
import { createSseParser, type ServerSentEvent } from "./sse-parser.ts";

function parse(chunks: string[]) {
  const events: ServerSentEvent[] = [];
  const parser = createSseParser((event) => events.push(event));
  for (const chunk of chunks) parser.push(chunk);
  return { events, lastEventId: parser.lastEventId };
}

describe("createSseParser", () => {
  it("reads named events with ids, skipping comments (heartbeats)", () => {
    const { events, lastEventId } = parse([
      "event: ready\ndata: {}\n\n:\n\n",
      'id: 7\nevent: change\ndata: {"key":"a"}\n\n',
    ]);
    expect(events).toEqual([
      { event: "ready", data: "{}", id: undefined },
      { event: "change", data: '{"key":"a"}', id: "7" },
    ]);
    expect(lastEventId).toBe("7");
  });

  it("gives the same events however the text is cut, with \\n, \\r\\n or \\r line ends", () => {
    const text = "id: 1\r\nevent: change\r\ndata: one\r\ndata: two\r\n\r\nid: 2\rdata: x\r\r\n";
    const whole = parse([text]).events;
    expect(whole).toEqual([
      { event: "change", data: "one\ntwo", id: "1" },
      { event: "message", data: "x", id: "2" },
    ]);
    for (let cut = 1; cut < text.length; cut++) {
      expect(parse([text.slice(0, cut), text.slice(cut)]).events, `cut at ${cut}`).toEqual(whole);
    }
    expect(parse([...text]).events).toEqual(whole);
  });

  it("dispatches nothing for an event without data, and waits for the blank line", () => {
    const { events } = parse(["event: ping\n\n", "data: half"]);
    expect(events).toEqual([]);
  });

  it("keeps the last id across events that carry none", () => {
    const { events } = parse(["id: 5\ndata: a\n\ndata: b\n\n"]);
    expect(events.map((event) => event.id)).toEqual(["5", "5"]);
  });
});
