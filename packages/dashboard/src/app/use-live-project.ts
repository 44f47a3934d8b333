/**
 * The project, kept live by `followLiveProject` (the server's change stream, or polling while
 * it is down), as React state. `changeCount` rises with each burst of changes made in the
 * project — by anyone, to anything (flags, segments, experiments, keys …): pages reload on it.
 */
import { useEffect, useRef, useState } from "react";
import type { ApiClient } from "../api/client.ts";
import type { Project } from "../api/types.ts";
import { deepEqual } from "../lib/deep-equal.ts";
import { browserEnvironment, followLiveProject } from "./live-project-follower.ts";
import type { LiveStatus } from "./project-context.ts";

export interface LiveProject {
  project: Project | undefined;
  error: unknown;
  live: LiveStatus;
  changeCount: number;
}

export function useLiveProject(
  client: ApiClient,
  projectKey: string,
  pollIntervalMs: number,
  changeStream: boolean,
): LiveProject {
  const [project, setProject] = useState<Project | undefined>();
  const [error, setError] = useState<unknown>();
  const [live, setLive] = useState<LiveStatus>("connecting");
  const [changeCount, setChangeCount] = useState(0);
  const latest = useRef<Project | undefined>(undefined);

  useEffect(() => {
    latest.current = undefined;
    setProject(undefined);
    setError(undefined);
    setLive("connecting");
    return followLiveProject({
      client,
      projectKey,
      pollIntervalMs,
      stream: changeStream,
      environment: browserEnvironment,
      listener: {
        project(fresh) {
          if (!deepEqual(fresh, latest.current)) {
            latest.current = fresh;
            setProject(fresh);
          }
          setError(undefined);
        },
        error(reason) {
          if (latest.current === undefined) setError(reason);
        },
        status: setLive,
        changed: () => setChangeCount((count) => count + 1),
      },
    });
  }, [client, projectKey, pollIntervalMs, changeStream]);

  return { project, error, live, changeCount };
}
