/**
 * The dashboard: sign-in first (SessionProvider), then the route decides — the projects page,
 * or a project page inside the shell with the project kept live.
 */
import { AppRoutes } from "./app-routes.tsx";
import { SessionProvider, type SessionProviderProps } from "./session-provider.tsx";
import { UnsavedChangesProvider } from "./unsaved-changes-provider.tsx";

export interface AppProps {
  /** How often the project is checked for changes made elsewhere. */
  pollIntervalMs?: number;
  /** Follow the server's change stream (else poll only). */
  changeStream?: boolean;
  storage?: SessionProviderProps["storage"];
  baseUrl?: string;
  fetch?: typeof fetch;
}

export function App({
  pollIntervalMs = 3000,
  changeStream = true,
  storage,
  baseUrl,
  fetch,
}: AppProps) {
  return (
    <SessionProvider
      {...(storage ? { storage } : {})}
      {...(baseUrl !== undefined ? { baseUrl } : {})}
      {...(fetch ? { fetch } : {})}
    >
      <UnsavedChangesProvider>
        <AppRoutes pollIntervalMs={pollIntervalMs} changeStream={changeStream} />
      </UnsavedChangesProvider>
    </SessionProvider>
  );
}
