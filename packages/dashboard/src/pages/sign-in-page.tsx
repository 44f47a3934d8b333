/**
 * Sign-in with an admin token. The token is checked against the server before it is kept, and
 * then only in this tab's sessionStorage: it never goes into a URL, a cookie or localStorage.
 */
import { type FormEvent, useState } from "react";
import { createApiClient } from "../api/client.ts";
import { ApiError, describeError } from "../api/problem.ts";

export interface SignInPageProps {
  baseUrl: string;
  fetch: typeof fetch | undefined;
  onSignedIn(token: string): void;
}

export function SignInPage({ baseUrl, fetch, onSignedIn }: SignInPageProps) {
  const [token, setToken] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = token.trim();
    if (trimmed === "") {
      setError("Paste an admin token.");
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await createApiClient({ baseUrl, token: trimmed, ...(fetch ? { fetch } : {}) }).projects.list(
        { limit: 1 },
      );
      onSignedIn(trimmed);
    } catch (reason) {
      setError(
        reason instanceof ApiError && reason.status === 401
          ? "That token was not accepted: it is unknown, revoked or expired."
          : reason instanceof ApiError && reason.status === 403
            ? `That key cannot use the dashboard: ${reason.problem.detail}`
            : describeError(reason),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" className="sign-in">
      <h1>
        Sign in to Flag<span style={{ color: "var(--primary)" }}>Switch</span>
      </h1>
      <form onSubmit={submit} className="card" noValidate>
        <div className="field">
          <label htmlFor="admin-token">Admin token</label>
          <input
            id="admin-token"
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={token}
            onChange={(event) => setToken(event.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={`admin-token-hint${error ? " admin-token-error" : ""}`}
            required
          />
          <span className="hint" id="admin-token-hint">
            `npm start` prints one when the server starts; more are made on the Keys page. It is
            kept in this tab only.
          </span>
          {error && (
            <p className="field-error" id="admin-token-error" role="alert">
              {error}
            </p>
          )}
        </div>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Checking…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}
