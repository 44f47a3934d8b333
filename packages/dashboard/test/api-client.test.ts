// @vitest-environment node
/**
 * The typed client against the real server (from source, embedded database): optimistic
 * concurrency, idempotent retries, problem+json field errors, cursor paging and the change
 * stream all behave as the pages rely on.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChangeEvent } from "../src/api/change-stream.ts";
import { type ApiClient, allPages, createApiClient } from "../src/api/client.ts";
import { createHttp } from "../src/api/http.ts";
import { ApiError } from "../src/api/problem.ts";
import { type RunningServer, startServer } from "./e2e/harness.ts";

let server: RunningServer;
let api: ApiClient;

beforeAll(async () => {
  server = await startServer(undefined);
  api = createApiClient({ baseUrl: server.url, token: server.adminToken });
}, 60_000);

afterAll(async () => {
  await server?.close();
});

describe("the admin API client against the real server", () => {
  it("saves with If-Match and gets a 412 for a stale version", async () => {
    const config = await api.flagConfigs.get("demo", "staging", "new-checkout");
    const saved = await api.flagConfigs.update("demo", "staging", "new-checkout", config.version, {
      offVariation: 0,
    });
    expect(saved.version).toBeGreaterThan(config.version);
    const stale = await api.flagConfigs
      .update("demo", "staging", "new-checkout", config.version, { offVariation: 1 })
      .catch((error: unknown) => error);
    expect(stale).toBeInstanceOf(ApiError);
    expect((stale as ApiError).isConflict).toBe(true);
    expect((stale as ApiError).messagesFor("If-Match")[0]).toContain(`not ${config.version}`);
    expect((await api.flagConfigs.get("demo", "staging", "new-checkout")).offVariation).toBe(0);
  });

  it("replays a retried write with the same Idempotency-Key instead of applying it twice", async () => {
    const http = createHttp({
      baseUrl: server.url,
      token: server.adminToken,
      newIdempotencyKey: () => "retry-of-create-once",
    });
    const request = {
      method: "POST" as const,
      path: "/api/v1/projects/demo/flags",
      body: { key: "created-once" },
    };
    const first = await http.request<{ key: string; createdAt: string }>(request);
    const second = await http.request<{ key: string; createdAt: string }>(request);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.data).toEqual(first.data);
    const misuse = await http
      .request({ ...request, body: { key: "something-else" } })
      .catch((error: unknown) => error);
    expect((misuse as ApiError).status).toBe(422);
    expect((misuse as ApiError).messagesFor("Idempotency-Key")).toEqual([
      "already used for a different request",
    ]);
  });

  it("surfaces the server's field errors where a form can show them", async () => {
    const duplicate = await api.flags
      .create("demo", { key: "new-checkout" })
      .catch((error: unknown) => error);
    expect((duplicate as ApiError).status).toBe(409);
    expect((duplicate as ApiError).messagesFor("key")).toEqual(["already taken"]);

    const config = await api.flagConfigs.get("demo", "development", "search-v2");
    const invalid = await api.flagConfigs
      .update("demo", "development", "search-v2", config.version, {
        rules: [
          {
            id: "bad",
            clauses: [{ attribute: "plan", op: "matches", values: ["(unclosed"] }],
            serve: { variation: 0 },
          },
        ],
      })
      .catch((error: unknown) => error);
    expect(invalid).toBeInstanceOf(ApiError);
    expect((invalid as ApiError).status).toBe(422);
    expect((invalid as ApiError).messagesFor("rules[0]").length).toBeGreaterThan(0);
  });

  it("follows cursors to the last page", async () => {
    for (let index = 0; index < 5; index++)
      await api.flags.create("demo", { key: `paged-${index}` });
    const pages: number[] = [];
    const flags = await allPages(async (cursor) => {
      const page = await api.flags.list("demo", { limit: 2, ...(cursor ? { cursor } : {}) });
      pages.push(page.items.length);
      return page;
    });
    expect(flags.map((flag) => flag.key)).toEqual([...flags.map((flag) => flag.key)].sort());
    expect(flags.filter((flag) => flag.key.startsWith("paged-"))).toHaveLength(5);
    expect(pages.length).toBeGreaterThan(3);
    expect(pages.slice(0, -1).every((count) => count === 2)).toBe(true);
  });

  it("follows the change stream with fetch: each write with its actor, resumable after the last id", async () => {
    const someoneElse = createApiClient({
      baseUrl: server.url,
      token: (await api.keys.create({ kind: "admin", name: "Someone else", role: "writer" }))
        .secret,
    });
    const received: ChangeEvent[] = [];
    const controller = new AbortController();
    let ready!: () => void;
    const opened = new Promise<void>((resolve) => {
      ready = resolve;
    });
    const following = api.changes.follow({
      signal: controller.signal,
      onReady: () => ready(),
      onChange: (change) => received.push(change),
    });
    await opened;
    const config = await someoneElse.flagConfigs.get("demo", "production", "search-v2");
    const toggled = await someoneElse.flagConfigs.toggle(
      "demo",
      "production",
      "search-v2",
      config.version,
      !config.enabled,
    );
    await until(() => received.length > 0);
    expect(received[0]).toMatchObject({
      kind: "flag",
      action: "flag.toggle",
      key: "search-v2",
      project: "demo",
      environment: "production",
      version: toggled.version,
      actor: { name: "Someone else" },
    });
    controller.abort();
    await following.catch(() => {});

    // Written while no stream is open: a stream resumed after the last id still gets it.
    await someoneElse.flagConfigs.toggle(
      "demo",
      "production",
      "search-v2",
      toggled.version,
      config.enabled,
    );
    const resumed: ChangeEvent[] = [];
    const again = new AbortController();
    const resuming = api.changes.follow({
      signal: again.signal,
      lastEventId: String(received[0]?.id),
      onReady: () => {},
      onChange: (change) => resumed.push(change),
    });
    await until(() => resumed.length > 0);
    expect(resumed.map((change) => change.id)).toEqual([(received[0]?.id ?? 0) + 1]);
    again.abort();
    await resuming.catch(() => {});
  });

  it("reports a refused stream as an ApiError", async () => {
    const stranger = createApiClient({ baseUrl: server.url, token: "fs_admin_not-a-real-token" });
    const refused = await stranger.changes
      .follow({ signal: new AbortController().signal, onReady: () => {}, onChange: () => {} })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).status).toBe(401);
  });
});

async function until(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
