import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { TOKEN_STORAGE_KEY, useSession } from "./session-context.ts";
import { SessionProvider } from "./session-provider.tsx";

function memoryStorage(initial: Record<string, string> = {}) {
  const values = new Map(Object.entries(initial));
  return {
    values,
    getItem: (key: string) => values.get(key) ?? null,
    setItem: (key: string, value: string) => void values.set(key, value),
    removeItem: (key: string) => void values.delete(key),
  };
}

/** A server that knows one admin token. */
const server: typeof fetch = async (_input, init) => {
  const authorization = new Headers(init?.headers).get("authorization");
  if (authorization === "Bearer good-token-good-token-good") {
    return new Response(JSON.stringify({ items: [], nextCursor: null }), {
      headers: { "content-type": "application/json" },
    });
  }
  return new Response(
    JSON.stringify({ type: "x", title: "Authentication required", status: 401, detail: "bad key" }),
    {
      status: 401,
      headers: { "content-type": "application/problem+json" },
    },
  );
};

function Probe() {
  const { client, signOut } = useSession();
  return (
    <div>
      <p>signed in</p>
      <button type="button" onClick={() => void client.projects.list().catch(() => {})}>
        call the API
      </button>
      <button type="button" onClick={signOut}>
        sign out
      </button>
    </div>
  );
}

describe("signing in", () => {
  it("checks the token with the server, then keeps it in session storage only", async () => {
    const storage = memoryStorage();
    render(
      <SessionProvider storage={storage} fetch={server}>
        <Probe />
      </SessionProvider>,
    );
    fireEvent.change(screen.getByLabelText("Admin token"), {
      target: { value: "wrong-token-wrong-token-wrong" },
    });
    fireEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect((await screen.findByRole("alert")).textContent).toContain("That token was not accepted");
    expect(storage.values.size).toBe(0);

    fireEvent.change(screen.getByLabelText("Admin token"), {
      target: { value: " good-token-good-token-good " },
    });
    fireEvent.click(screen.getByRole("button", { name: "Sign in" }));
    await screen.findByText("signed in");
    expect(storage.values.get(TOKEN_STORAGE_KEY)).toBe("good-token-good-token-good");
    expect(window.location.href).not.toContain("good-token");

    fireEvent.click(screen.getByRole("button", { name: "sign out" }));
    expect(screen.getByLabelText("Admin token")).toBeTruthy();
    expect(storage.values.size).toBe(0);
  });

  it("signs out when the server stops accepting the token (revoked)", async () => {
    const storage = memoryStorage({ [TOKEN_STORAGE_KEY]: "revoked-token-revoked-token" });
    render(
      <SessionProvider storage={storage} fetch={server}>
        <Probe />
      </SessionProvider>,
    );
    expect(screen.getByText("signed in")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "call the API" }));
    await waitFor(() => expect(screen.getByLabelText("Admin token")).toBeTruthy());
    expect(storage.values.size).toBe(0);
  });
});
