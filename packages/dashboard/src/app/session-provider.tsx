/**
 * Holds the admin token for this browser tab. The token is read from and written to
 * sessionStorage (never localStorage, never the URL); a 401 from any request signs out.
 */
import { type ReactNode, useCallback, useMemo, useState } from "react";
import { createApiClient } from "../api/client.ts";
import { SignInPage } from "../pages/sign-in-page.tsx";
import { SessionContext, TOKEN_STORAGE_KEY } from "./session-context.ts";

export interface SessionProviderProps {
  children: ReactNode;
  /** Defaults to window.sessionStorage; tests pass their own. */
  storage?: Pick<Storage, "getItem" | "setItem" | "removeItem">;
  /** Where the API is; defaults to this page's origin. */
  baseUrl?: string;
  fetch?: typeof fetch;
}

export function SessionProvider({ children, storage, baseUrl = "", fetch }: SessionProviderProps) {
  const store = storage ?? globalThis.sessionStorage;
  const [token, setToken] = useState<string | null>(() => readToken(store));
  const signOut = useCallback(() => {
    store.removeItem(TOKEN_STORAGE_KEY);
    setToken(null);
  }, [store]);
  const signIn = useCallback(
    (newToken: string) => {
      store.setItem(TOKEN_STORAGE_KEY, newToken);
      setToken(newToken);
    },
    [store],
  );
  const session = useMemo(() => {
    if (token === null) return null;
    const guardedFetch: typeof globalThis.fetch = async (input, init) => {
      const response = await (fetch ?? globalThis.fetch)(input, init);
      // A revoked or expired token: back to the sign-in page rather than errors everywhere.
      if (response.status === 401) queueMicrotask(signOut);
      return response;
    };
    return { client: createApiClient({ baseUrl, token, fetch: guardedFetch }), signOut };
  }, [token, baseUrl, fetch, signOut]);

  if (session === null) return <SignInPage baseUrl={baseUrl} fetch={fetch} onSignedIn={signIn} />;
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

function readToken(store: Pick<Storage, "getItem">): string | null {
  try {
    return store.getItem(TOKEN_STORAGE_KEY);
  } catch {
    return null;
  }
}
