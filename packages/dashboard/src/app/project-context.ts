/** The project being worked on, its environments, the chosen one, and how fresh they are. */
import { createContext, useContext } from "react";
import type { Environment, Project } from "../api/types.ts";

/** `live`: the server's change stream is open; `polling`: it is not, the project is polled. */
export type LiveStatus = "connecting" | "live" | "polling" | "offline";

export interface ProjectState {
  project: Project;
  /** Sorted by position. */
  environments: Environment[];
  environment: Environment;
  projects: Project[];
  live: LiveStatus;
  /**
   * Changes whenever anything in the project is written, here or by someone else: any
   * environment's document version moves (flags, segments), or the change stream reports a
   * write (also experiments, keys …). Pages reload what they show on it.
   */
  revision: string;
}

export const ProjectContext = createContext<ProjectState | null>(null);

export function useProject(): ProjectState {
  const state = useContext(ProjectContext);
  if (!state) throw new Error("useProject() needs a <ProjectProvider> above it");
  return state;
}
