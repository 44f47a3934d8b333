/** Who is signed in: the admin token (sessionStorage only) and the API client made from it. */
import { createContext, useContext } from "react";
import type { ApiClient } from "../api/client.ts";

export interface Session {
  client: ApiClient;
  signOut(): void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession() needs a <SessionProvider> above it");
  return session;
}

/** Where the token is kept: per tab, gone when the tab closes, never in a URL. */
export const TOKEN_STORAGE_KEY = "flagswitch.adminToken";
