/** Loads the route's project (kept live) and picks the environment from the route. */
import { type ReactNode, useMemo } from "react";
import { allPages } from "../api/client.ts";
import { ErrorNotice } from "../components/error-notice.tsx";
import { sortEnvironments } from "../lib/environments.ts";
import { useAsync } from "../lib/use-async.ts";
import { ProjectContext, type ProjectState } from "./project-context.ts";
import { useSession } from "./session-context.ts";
import { useLiveProject } from "./use-live-project.ts";

export interface ProjectProviderProps {
  projectKey: string;
  environmentKey: string | undefined;
  pollIntervalMs: number;
  changeStream: boolean;
  children: ReactNode;
}

export function ProjectProvider({
  projectKey,
  environmentKey,
  pollIntervalMs,
  changeStream,
  children,
}: ProjectProviderProps) {
  const { client } = useSession();
  const { project, error, live, changeCount } = useLiveProject(
    client,
    projectKey,
    pollIntervalMs,
    changeStream,
  );
  const projects = useAsync(
    () => allPages((cursor) => client.projects.list({ limit: 200, ...(cursor ? { cursor } : {}) })),
    [client],
  );

  const state = useMemo((): ProjectState | undefined => {
    if (!project) return undefined;
    const environments = sortEnvironments(project.environments ?? []);
    const environment =
      environments.find((candidate) => candidate.key === environmentKey) ?? environments[0];
    if (!environment) return undefined;
    return {
      project,
      environments,
      environment,
      projects: projects.data ?? [project],
      live,
      revision: `${environments
        .map((candidate) => `${candidate.key}:${candidate.documentVersion}`)
        .join(",")}#${changeCount}`,
    };
  }, [project, environmentKey, projects.data, live, changeCount]);

  if (error) return <ErrorNotice error={error} action={`Loading project "${projectKey}"`} />;
  if (project && !state) {
    return <p className="notice warning">Project “{project.name}” has no environments yet.</p>;
  }
  if (!state) return <p aria-live="polite">Loading project…</p>;
  return <ProjectContext.Provider value={state}>{children}</ProjectContext.Provider>;
}
