import { describe, expect, it } from "vitest";
import { createHttp, queryString, versionFromEtag } from "./http.ts";
import { ApiError, describeError, fieldMessages } from "./problem.ts";

interface Sent {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/** A transport that records what the client sends and answers from a script (or fails). */
function scriptedFetch(answers: Array<Response | Error>) {
  const sent: Sent[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    sent.push({
      url: String(input),
      method: init?.method ?? "GET",
      headers: { ...(init?.headers as Record<string, string>) },
      body: init?.body as string | undefined,
    });
    const answer = answers.shift();
    if (!answer) throw new Error("the test scripted no more answers");
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return { fetch, sent };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });

describe("the admin API transport", () => {
  it("sends the token, JSON, If-Match from the version and an Idempotency-Key on writes", async () => {
    const { fetch, sent } = scriptedFetch([
      json(200, { version: 8 }, { etag: '"8"' }),
      json(200, { items: [] }),
    ]);
    let keys = 0;
    const http = createHttp({
      baseUrl: "https://flags.example/",
      token: "fs_admin_x",
      fetch,
      newIdempotencyKey: () => `key-${++keys}`,
    });
    const written = await http.request<{ version: number }>({
      method: "PATCH",
      path: "/api/v1/x",
      body: { enabled: true },
      ifMatch: 7,
    });
    expect(written).toEqual({ status: 200, data: { version: 8 }, etag: '"8"' });
    await http.request({
      method: "GET",
      path: "/api/v1/y",
      query: { q: "a b", archived: false, tag: "", cursor: undefined },
    });
    expect(sent[0]).toMatchObject({
      url: "https://flags.example/api/v1/x",
      method: "PATCH",
      body: '{"enabled":true}',
      headers: {
        authorization: "Bearer fs_admin_x",
        "content-type": "application/json",
        "if-match": '"7"',
        "idempotency-key": "key-1",
      },
    });
    expect(sent[1]?.url).toBe("https://flags.example/api/v1/y?q=a%20b&archived=false");
    expect(sent[1]?.headers["idempotency-key"]).toBeUndefined();
    expect(sent[1]?.headers["if-match"]).toBeUndefined();
  });

  it("retries a write once after a network failure with the same Idempotency-Key", async () => {
    const { fetch, sent } = scriptedFetch([new TypeError("fetch failed"), json(201, { key: "f" })]);
    let keys = 0;
    const http = createHttp({
      baseUrl: "",
      token: "t",
      fetch,
      newIdempotencyKey: () => `key-${++keys}`,
    });
    await expect(
      http.request({ method: "POST", path: "/api/v1/f", body: {} }),
    ).resolves.toMatchObject({ status: 201 });
    expect(sent.map((request) => request.headers["idempotency-key"])).toEqual(["key-1", "key-1"]);
  });

  it("says which request could not reach the server when the retry fails too", async () => {
    const { fetch } = scriptedFetch([new TypeError("fetch failed"), new TypeError("fetch failed")]);
    const http = createHttp({ baseUrl: "", token: "t", fetch });
    await expect(http.request({ method: "GET", path: "/api/v1/projects" })).rejects.toThrow(
      "GET /api/v1/projects: the server could not be reached (fetch failed)",
    );
  });

  it("turns problem+json into an ApiError that names each field", async () => {
    const problem = {
      type: "https://flagswitch.dev/problems/validation",
      title: "Invalid request",
      status: 400,
      detail: "rules[0].clauses[0].op: invalid option",
      errors: [
        {
          field: "rules[0].clauses[0].op",
          pointer: "/rules/0/clauses/0/op",
          in: "body",
          message: "invalid option",
        },
        { field: "key", pointer: "/key", in: "body", message: "already taken" },
      ],
    };
    const { fetch } = scriptedFetch([
      new Response(JSON.stringify(problem), {
        status: 400,
        headers: { "content-type": "application/problem+json" },
      }),
    ]);
    const http = createHttp({ baseUrl: "", token: "t", fetch });
    const error = await http
      .request({ method: "POST", path: "/api/v1/p", body: {} })
      .catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(ApiError);
    const apiError = error as ApiError;
    expect(apiError.status).toBe(400);
    expect(apiError.message).toBe(
      "POST /api/v1/p failed: 400 Invalid request — rules[0].clauses[0].op: invalid option",
    );
    expect(apiError.messagesFor("rules[0]")).toEqual(["invalid option"]);
    expect(apiError.messagesFor("rules[1]")).toEqual([]);
    expect(apiError.messagesFor("rule")).toEqual([]);
    expect(fieldMessages(apiError).get("key")).toEqual(["already taken"]);
    expect(describeError(apiError)).toBe("rules[0].clauses[0].op: invalid option");
  });

  it("recognises a stale If-Match (412) and an answer that is not JSON", async () => {
    const { fetch } = scriptedFetch([
      json(412, {
        type: "t",
        title: "Precondition failed",
        status: 412,
        detail: "flag is at version 9, not 7",
      }),
      new Response("<html>Bad gateway</html>", {
        status: 502,
        statusText: "Bad Gateway",
        headers: { "content-type": "text/html" },
      }),
    ]);
    const http = createHttp({ baseUrl: "", token: "t", fetch });
    const conflict = (await http
      .request({ method: "PATCH", path: "/x", body: {}, ifMatch: 7 })
      .catch((e: unknown) => e)) as ApiError;
    expect(conflict.isConflict).toBe(true);
    const gateway = (await http
      .request({ method: "GET", path: "/x" })
      .catch((e: unknown) => e)) as ApiError;
    expect(gateway.problem).toMatchObject({
      status: 502,
      title: "Bad Gateway",
      detail: "<html>Bad gateway</html>",
    });
  });

  it("answers 204 and 304 without a body", async () => {
    const { fetch } = scriptedFetch([
      new Response(null, { status: 204 }),
      new Response(null, { status: 304, headers: { etag: '"3"' } }),
    ]);
    const http = createHttp({ baseUrl: "", token: "t", fetch });
    expect(await http.request({ method: "DELETE", path: "/x", body: {} })).toEqual({
      status: 204,
      data: undefined,
      etag: null,
    });
    expect(await http.request({ method: "GET", path: "/x", ifNoneMatch: '"3"' })).toEqual({
      status: 304,
      data: undefined,
      etag: '"3"',
    });
  });
});

describe("helpers", () => {
  it("builds query strings without empty values", () => {
    expect(queryString({ a: 1, b: "", c: undefined, d: null, e: "x&y" })).toBe("?a=1&e=x%26y");
    expect(queryString({})).toBe("");
  });

  it("reads versions from ETags", () => {
    expect(versionFromEtag('"12"')).toBe(12);
    expect(versionFromEtag('W/"3"')).toBe(3);
    expect(versionFromEtag("abc")).toBeUndefined();
    expect(versionFromEtag(null)).toBeUndefined();
  });
});
