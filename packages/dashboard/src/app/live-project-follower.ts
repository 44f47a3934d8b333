/**
 * Keeps one project fresh so that changes made by other people appear without a reload.
 *
 * First choice: the server's admin change stream — an event per committed write, whoever made
 * it. Each burst of events for this project reloads the project (its environments' document
 * versions) and counts as one change, on which pages reload what they show. While the stream is
 * down (an older server without it, a proxy that buffers, the network) the project is polled
 * instead, every `pollIntervalMs` while the tab is visible, and the stream is tried again with
 * backoff, resuming after the last event seen so that nothing written meanwhile is missed.
 */
import {
  type ChangeEvent,
  type ChangeStreamHandlers,
  StreamUnavailableError,
} from "../api/change-stream.ts";
import { ApiError } from "../api/problem.ts";
import type { Project } from "../api/types.ts";
import type { LiveStatus } from "./project-context.ts";

/** What the follower needs of the API client. */
export interface LiveProjectClient {
  projects: { get(projectKey: string, signal?: AbortSignal): Promise<Project> };
  changes: { follow(handlers: ChangeStreamHandlers): Promise<void> };
}

/** Timers and page visibility, passed in so tests can drive them. */
export interface LiveEnvironment {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  isVisible(): boolean;
  onVisible(callback: () => void): () => void;
}

export interface LiveProjectListener {
  project(project: Project): void;
  /** Loading the project failed (while none was loaded yet, the page shows it). */
  error(reason: unknown): void;
  status(status: LiveStatus): void;
  /** Someone wrote something in this project: reload what is shown. */
  changed(changes: ChangeEvent[]): void;
}

export interface LiveProjectOptions {
  client: LiveProjectClient;
  projectKey: string;
  pollIntervalMs: number;
  /** Follow the change stream; `false`: poll only. */
  stream: boolean;
  listener: LiveProjectListener;
  environment: LiveEnvironment;
}

/** Events arriving this close together are one burst: one reload. */
const BURST_MS = 50;
const STREAM_RETRY_FIRST_MS = 2000;
const STREAM_RETRY_MAX_MS = 60_000;

/** Starts following; returns the function that stops. */
export function followLiveProject(options: LiveProjectOptions): () => void {
  const { client, projectKey, pollIntervalMs, listener, environment } = options;
  let stopped = false;
  let streaming = false;
  let streamRetryMs = STREAM_RETRY_FIRST_MS;
  let lastEventId: string | undefined;
  let pollTimer: unknown;
  let retryTimer: unknown;
  let burstTimer: unknown;
  let burst: ChangeEvent[] = [];
  let loadController: AbortController | undefined;
  const streamController = new AbortController();
  let status: LiveStatus = "connecting";
  const setStatus = (next: LiveStatus) => {
    if (next === status) return;
    status = next;
    listener.status(next);
  };

  /** Changes heard of whose reload is under way (reported with the project they bring). */
  let unreported: ChangeEvent[] = [];

  /**
   * Loads the project; when the stream is down, schedules the next poll. Changes heard of are
   * reported together with the fresh project, so a page reloads once for both.
   */
  const load = async () => {
    environment.clearTimeout(pollTimer);
    loadController?.abort();
    const controller = new AbortController();
    loadController = controller;
    try {
      const fresh = await client.projects.get(projectKey, controller.signal);
      if (stopped || controller.signal.aborted) return;
      listener.project(fresh);
      setStatus(streaming ? "live" : "polling");
    } catch (reason) {
      if (stopped || controller.signal.aborted) return;
      setStatus("offline");
      listener.error(reason);
    }
    if (unreported.length > 0) {
      const changes = unreported;
      unreported = [];
      listener.changed(changes);
    }
    if (!stopped && !streaming && environment.isVisible())
      pollTimer = environment.setTimeout(() => void load(), pollIntervalMs);
  };

  const flushBurst = () => {
    const changes = burst;
    burst = [];
    if (changes.length === 0 || stopped) return;
    unreported.push(...changes);
    void load();
  };

  const openStream = async () => {
    try {
      await client.changes.follow({
        signal: streamController.signal,
        lastEventId,
        onReady() {
          streaming = true;
          streamRetryMs = STREAM_RETRY_FIRST_MS;
          // Whatever changed before the stream opened: one load catches up (and stops polling).
          void load();
        },
        onChange(change) {
          lastEventId = String(change.id);
          if (change.project !== projectKey) return;
          burst.push(change);
          if (burst.length === 1) burstTimer = environment.setTimeout(flushBurst, BURST_MS);
        },
      });
    } catch (reason) {
      if (stopped) return;
      // A server without the stream (404, 405, or a page that is no stream): polling alone,
      // with the stream retried rarely.
      if (
        reason instanceof StreamUnavailableError ||
        (reason instanceof ApiError && (reason.status === 404 || reason.status === 405))
      )
        streamRetryMs = STREAM_RETRY_MAX_MS;
    }
    if (stopped) return;
    const wasStreaming = streaming;
    streaming = false;
    // Polling takes over at once; the stream is tried again later.
    if (wasStreaming || status === "connecting") void load();
    retryTimer = environment.setTimeout(() => void openStream(), streamRetryMs);
    streamRetryMs = Math.min(streamRetryMs * 2, STREAM_RETRY_MAX_MS);
  };

  const stopVisibility = environment.onVisible(() => {
    if (!streaming) void load();
  });
  void load();
  if (options.stream) void openStream();

  return () => {
    stopped = true;
    environment.clearTimeout(pollTimer);
    environment.clearTimeout(retryTimer);
    environment.clearTimeout(burstTimer);
    loadController?.abort();
    streamController.abort();
    stopVisibility();
  };
}

/** The browser's timers and page visibility. */
export const browserEnvironment: LiveEnvironment = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
  isVisible: () => document.visibilityState !== "hidden",
  onVisible(callback) {
    const listener = () => {
      if (document.visibilityState === "visible") callback();
    };
    document.addEventListener("visibilitychange", listener);
    return () => document.removeEventListener("visibilitychange", listener);
  },
};
