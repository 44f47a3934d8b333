import { describe, expect, it } from "vitest";
import {
  CHANGE_STREAM_PATH,
  type ChangeEvent,
  followChanges,
  StreamUnavailableError,
} from "./change-stream.ts";

const TOKEN = "fs_admin_secret-token";

/** A response whose body arrives in the given chunks, cut anywhere. */
function streamOf(chunks: string[], type = "text/event-stream; charset=utf-8"): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { "content-type": type } });
}

describe("followChanges", () => {
  it("sends the token in a header (never the URL) and Last-Event-ID, and reads events as they arrive", async () => {
    const requests: Array<{ url: string; headers: Headers }> = [];
    const change = { id: 8, kind: "flag", key: "checkout", project: "shop" };
    const text = `event: ready\ndata: {"after":7}\n\n:\n\nid: 8\nevent: change\ndata: ${JSON.stringify(change)}\n\n`;
    const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      requests.push({ url: String(input), headers: new Headers(init?.headers) });
      return streamOf([text.slice(0, 20), text.slice(20, 61), text.slice(61)]);
    };
    const seen: Array<string | ChangeEvent> = [];
    await followChanges(
      { baseUrl: "http://flags.example/", token: TOKEN, fetch },
      {
        signal: new AbortController().signal,
        lastEventId: "7",
        onReady: () => seen.push("ready"),
        onChange: (event) => seen.push(event),
      },
    );
    expect(seen).toEqual(["ready", change]);
    expect(requests[0]?.url).toBe(`http://flags.example${CHANGE_STREAM_PATH}`);
    expect(requests[0]?.url).not.toContain(TOKEN);
    expect(requests[0]?.headers.get("authorization")).toBe(`Bearer ${TOKEN}`);
    expect(requests[0]?.headers.get("last-event-id")).toBe("7");
  });

  it("refuses an answer that is no event stream (a server without it serving its web page)", async () => {
    const fetch = async () => streamOf(["<!doctype html>"], "text/html");
    const failure = await followChanges(
      { baseUrl: "", token: TOKEN, fetch },
      { signal: new AbortController().signal, onReady: () => {}, onChange: () => {} },
    ).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StreamUnavailableError);
    expect((failure as Error).message).toContain("text/html");
  });
});
