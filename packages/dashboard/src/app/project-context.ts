/** The project being worked on, its environments, the chosen one, and how fresh they are. */
import { createContext, useContext } from "react";
import type { Environment, Project } from "../api/types.ts";

export type LiveStatus = "connecting" | "live" | "offline";

export interface ProjectState {
  project: Project;
  /** Sorted by position. */
  environments: Environment[];
  environment: Environment;
  projects: Project[];
  live: LiveStatus;
  /**
   * Changes whenever any environment's document changes (a flag or segment was written, here
   * or by someone else): pages that show flag state reload on it.
   */
  revision: string;
}

export const ProjectContext = createContext<ProjectState | null>(null);

export function useProject(): ProjectState {
  const state = useContext(ProjectContext);
  if (!state) throw new Error("useProject() needs a <ProjectProvider> above it");
  return state;
}
