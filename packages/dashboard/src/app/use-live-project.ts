/**
 * Keeps a project and its environments fresh so that changes made by other people appear
 * without a reload. The server has no admin-side change stream (its SSE stream is for SDK keys),
 * so this polls the project — one small request — every few seconds while the tab is visible,
 * and right away when the tab becomes visible again. Every environment carries the version of
 * its flag document, which any flag or segment write raises: that is the change signal.
 */
import { useEffect, useRef, useState } from "react";
import type { ApiClient } from "../api/client.ts";
import type { Project } from "../api/types.ts";
import { deepEqual } from "../lib/deep-equal.ts";
import type { LiveStatus } from "./project-context.ts";

export interface LiveProject {
  project: Project | undefined;
  error: unknown;
  live: LiveStatus;
}

export function useLiveProject(
  client: ApiClient,
  projectKey: string,
  pollIntervalMs: number,
): LiveProject {
  const [project, setProject] = useState<Project | undefined>();
  const [error, setError] = useState<unknown>();
  const [live, setLive] = useState<LiveStatus>("connecting");
  const latest = useRef<Project | undefined>(undefined);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let controller: AbortController | undefined;
    latest.current = undefined;
    setProject(undefined);
    setError(undefined);
    setLive("connecting");

    const poll = async () => {
      clearTimeout(timer);
      controller?.abort();
      controller = new AbortController();
      try {
        const fresh = await client.projects.get(projectKey, controller.signal);
        if (stopped) return;
        if (!deepEqual(fresh, latest.current)) {
          latest.current = fresh;
          setProject(fresh);
        }
        setError(undefined);
        setLive("live");
      } catch (reason) {
        if (stopped || (reason instanceof DOMException && reason.name === "AbortError")) return;
        setLive("offline");
        if (latest.current === undefined) setError(reason);
      }
      if (!stopped && document.visibilityState !== "hidden")
        timer = setTimeout(poll, pollIntervalMs);
    };
    const onVisibility = () => {
      if (document.visibilityState === "visible") void poll();
      else clearTimeout(timer);
    };
    document.addEventListener("visibilitychange", onVisibility);
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
      controller?.abort();
      document.removeEventListener("visibilitychange", onVisibility);
    };
  }, [client, projectKey, pollIntervalMs]);

  return { project, error, live };
}
