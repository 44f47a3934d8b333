/** Picks what to show for the current hash route. */
import { AppShell } from "../components/app-shell.tsx";
import { HomePage } from "../pages/home-page.tsx";
import { NotFoundPage } from "../pages/not-found-page.tsx";
import { ProjectPage } from "./project-page.tsx";
import { ProjectProvider } from "./project-provider.tsx";
import { useHashRoute } from "./use-hash-route.ts";

export interface AppRoutesProps {
  pollIntervalMs: number;
  changeStream: boolean;
}

export function AppRoutes({ pollIntervalMs, changeStream }: AppRoutesProps) {
  const route = useHashRoute();
  if (route.name === "home") return <HomePage />;
  if (route.name === "not-found") return <NotFoundPage path={route.path} />;
  return (
    <ProjectProvider
      key={route.project}
      projectKey={route.project}
      environmentKey={route.env}
      pollIntervalMs={pollIntervalMs}
      changeStream={changeStream}
    >
      <AppShell route={route}>
        <ProjectPage route={route} />
      </AppShell>
    </ProjectProvider>
  );
}
