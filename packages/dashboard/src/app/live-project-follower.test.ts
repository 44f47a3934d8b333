import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ChangeEvent, ChangeStreamHandlers } from "../api/change-stream.ts";
import { ApiError } from "../api/problem.ts";
import type { Project } from "../api/types.ts";
import { followLiveProject, type LiveEnvironment } from "./live-project-follower.ts";
import type { LiveStatus } from "./project-context.ts";

const POLL_MS = 1000;

/** A server's answers, scripted: projects.get counts its calls; each stream is settled by hand. */
function scriptedServer() {
  const streams: Array<{
    handlers: ChangeStreamHandlers;
    end(): void;
    fail(reason: unknown): void;
  }> = [];
  let loads = 0;
  const client = {
    projects: {
      async get(key: string): Promise<Project> {
        loads += 1;
        return {
          key,
          name: key,
          description: "",
          version: loads,
          createdAt: "",
          updatedAt: "",
          environments: [],
        };
      },
    },
    changes: {
      follow(handlers: ChangeStreamHandlers) {
        return new Promise<void>((resolve, reject) => {
          streams.push({ handlers, end: resolve, fail: reject });
        });
      },
    },
  };
  return {
    client,
    streams,
    get loads() {
      return loads;
    },
  };
}

const change = (id: number, project: string): ChangeEvent => ({
  id,
  at: "2026-11-25T10:00:00.000Z",
  kind: "flag",
  action: "flag.toggle",
  key: "checkout",
  project,
  environment: "production",
  flag: "checkout",
  version: id,
  actor: { id: "k1", name: "someone else" },
});

const timers: LiveEnvironment = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  isVisible: () => true,
  onVisible: () => () => {},
};

describe("followLiveProject", () => {
  let stop: (() => void) | undefined;
  const statuses: LiveStatus[] = [];
  const bursts: ChangeEvent[][] = [];
  const follow = (server: ReturnType<typeof scriptedServer>) => {
    stop = followLiveProject({
      client: server.client,
      projectKey: "shop",
      pollIntervalMs: POLL_MS,
      stream: true,
      environment: timers,
      listener: {
        project: () => {},
        error: () => {},
        status: (status) => statuses.push(status),
        changed: (changes) => bursts.push(changes),
      },
    });
  };
  beforeEach(() => {
    vi.useFakeTimers();
    statuses.length = 0;
    bursts.length = 0;
  });
  afterEach(() => {
    stop?.();
    vi.useRealTimers();
  });

  it("follows the stream without polling, one reload per burst of this project's changes", async () => {
    const server = scriptedServer();
    follow(server);
    await vi.advanceTimersByTimeAsync(0);
    server.streams[0]?.handlers.onReady();
    await vi.advanceTimersByTimeAsync(0);
    expect(statuses.at(-1)).toBe("live");
    const loadsWhenLive = server.loads;
    await vi.advanceTimersByTimeAsync(POLL_MS * 5);
    expect(server.loads).toBe(loadsWhenLive);

    server.streams[0]?.handlers.onChange(change(11, "shop"));
    server.streams[0]?.handlers.onChange(change(12, "other-project"));
    server.streams[0]?.handlers.onChange(change(13, "shop"));
    await vi.advanceTimersByTimeAsync(100);
    expect(bursts.map((burst) => burst.map((event) => event.id))).toEqual([[11, 13]]);
    expect(server.loads).toBe(loadsWhenLive + 1);
  });

  it("polls when the server has no stream (404), and tries it again only rarely", async () => {
    const server = scriptedServer();
    follow(server);
    await vi.advanceTimersByTimeAsync(0);
    server.streams[0]?.fail(
      new ApiError("GET /api/v1/changes/stream", {
        type: "about:blank",
        title: "Not Found",
        status: 404,
        detail: "no such route",
      }),
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(statuses.at(-1)).toBe("polling");
    const before = server.loads;
    await vi.advanceTimersByTimeAsync(POLL_MS * 3);
    expect(server.loads).toBe(before + 3);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(server.streams).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(server.streams).toHaveLength(2);
  });

  it("polls at once when a live stream breaks, and resumes it after the last event seen", async () => {
    const server = scriptedServer();
    follow(server);
    await vi.advanceTimersByTimeAsync(0);
    server.streams[0]?.handlers.onReady();
    server.streams[0]?.handlers.onChange(change(42, "shop"));
    await vi.advanceTimersByTimeAsync(100);
    const before = server.loads;
    server.streams[0]?.fail(new TypeError("network error"));
    await vi.advanceTimersByTimeAsync(0);
    expect(statuses.at(-1)).toBe("polling");
    expect(server.loads).toBe(before + 1);
    await vi.advanceTimersByTimeAsync(POLL_MS);
    expect(server.loads).toBe(before + 2);
    await vi.advanceTimersByTimeAsync(2000);
    expect(server.streams).toHaveLength(2);
    expect(server.streams[1]?.handlers.lastEventId).toBe("42");
    server.streams[1]?.handlers.onReady();
    await vi.advanceTimersByTimeAsync(0);
    expect(statuses.at(-1)).toBe("live");
    const whenLive = server.loads;
    await vi.advanceTimersByTimeAsync(POLL_MS * 3);
    expect(server.loads).toBe(whenLive);
  });

  it("stops everything when stopped", async () => {
    const server = scriptedServer();
    follow(server);
    await vi.advanceTimersByTimeAsync(0);
    const signal = server.streams[0]?.handlers.signal;
    stop?.();
    stop = undefined;
    expect(signal?.aborted).toBe(true);
    const loads = server.loads;
    await vi.advanceTimersByTimeAsync(POLL_MS * 5);
    expect(server.loads).toBe(loads);
  });
});
