/**
 * The frame around every project page: a skip link, the product name, the project and
 * environment switchers, whether live updates are flowing, sign-out, and the section tabs.
 */
import type { ReactNode } from "react";
import { type LiveStatus, useProject } from "../app/project-context.ts";
import { type ProjectRoute, routeHref, type Section, sectionOf } from "../app/route.ts";
import { useSession } from "../app/session-context.ts";
import { useConfirmLeave } from "../app/unsaved-changes.ts";
import { useNavigate } from "../app/use-hash-route.ts";
import { isProduction } from "../lib/environments.ts";

export interface AppShellProps {
  route: ProjectRoute;
  children: ReactNode;
}

const SECTIONS: Array<{ section: Section; label: string }> = [
  { section: "flags", label: "Flags" },
  { section: "segments", label: "Segments" },
  { section: "experiments", label: "Experiments" },
  { section: "audit", label: "Audit log" },
  { section: "keys", label: "Keys" },
];

export function AppShell({ route, children }: AppShellProps) {
  const { project, projects, environments, environment, live } = useProject();
  const { signOut } = useSession();
  const navigate = useNavigate();
  const confirmLeave = useConfirmLeave();
  const current = sectionOf(route);
  const env = environment.key;
  return (
    <>
      <button
        type="button"
        className="skip-link"
        // A hash link (#main) would change the route: move focus instead.
        onClick={() => document.getElementById("main")?.focus()}
      >
        Skip to content
      </button>
      <header className="app-header">
        <a className="brand" href={routeHref({ name: "flags", project: project.key, env })}>
          Flag<span>Switch</span>
        </a>
        <div className="switchers">
          <span className="switcher">
            <label htmlFor="project-switcher">Project</label>
            <select
              id="project-switcher"
              value={project.key}
              onChange={(event) => {
                if (confirmLeave()) navigate({ name: "flags", project: event.target.value });
              }}
            >
              {projects.map((candidate) => (
                <option key={candidate.key} value={candidate.key}>
                  {candidate.name}
                </option>
              ))}
            </select>
          </span>
          <span className="switcher">
            <label htmlFor="environment-switcher">Environment</label>
            <select
              id="environment-switcher"
              value={env}
              onChange={(event) => {
                if (confirmLeave()) navigate({ ...route, env: event.target.value } as ProjectRoute);
              }}
            >
              {environments.map((candidate) => (
                <option key={candidate.key} value={candidate.key}>
                  {candidate.name}
                  {isProduction(candidate) && !/prod/i.test(candidate.name) ? " (production)" : ""}
                </option>
              ))}
            </select>
          </span>
          <span className={`live-status ${live}`} role="status" title={LIVE_HELP[live]}>
            <span className="dot" aria-hidden="true" />
            {LIVE_LABEL[live]}
          </span>
          <button type="button" className="small" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      <nav className="main-nav" aria-label="Sections">
        <ul>
          {SECTIONS.map(({ section, label }) => (
            <li key={section}>
              <a
                href={routeHref({ name: section, project: project.key, env } as ProjectRoute)}
                aria-current={current === section ? "page" : undefined}
                onClick={(event) => {
                  if (!confirmLeave()) event.preventDefault();
                }}
              >
                {label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}

const LIVE_LABEL: Record<LiveStatus, string> = {
  connecting: "Connecting…",
  live: "Live",
  polling: "Live (polling)",
  offline: "Offline — retrying",
};

const LIVE_HELP: Record<LiveStatus, string> = {
  connecting: "Loading the project",
  live: "Changes made by others appear here at once (the server's change stream)",
  polling:
    "The change stream is unavailable: changes made by others appear within a few seconds (polling)",
  offline: "The server cannot be reached: retrying",
};
