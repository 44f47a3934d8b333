// The server-side client talks to a server on another port than the page's origin: a browser
// would need CORS headers from the server, which only serves browsers on its evaluate endpoint.
// @vitest-environment-options {"settings":{"fetch":{"disableSameOriginPolicy":true}}}
import { createClient, type FlagClient } from "@flagswitch/sdk";
import { type BrowserClient, createBrowserClient } from "@flagswitch/sdk/browser";
import { checkoutForAliceOnly, type FlagServer, startFlagServer } from "@flagswitch/testing";
import { act } from "react";
import { createRoot } from "react-dom/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FlagProvider, useFlag, useFlagsReady } from "../src/index.js";

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

function CheckoutWithStatus({ renders }: { renders: { count: number } }) {
  renders.count += 1;
  const { status } = useFlagsReady();
  const enabled = useFlag("checkout", false);
  return <p>{`${status}:${enabled ? "new" : "classic"}`}</p>;
}

function Checkout() {
  return <p>{useFlag("checkout", false) ? "new" : "classic"}</p>;
}

function App({ client, user }: { client: BrowserClient; user: string }) {
  return (
    <FlagProvider client={client} context={{ key: user }}>
      <Checkout />
    </FlagProvider>
  );
}

describe("hooks over the SDK's client and a real server", () => {
  let server: FlagServer;
  let client: FlagClient;
  beforeAll(async () => {
    server = await startFlagServer();
    client = createClient({ sdkKey: server.serverKey, baseUrl: server.url, events: false });
  });
  afterAll(async () => {
    await client?.close();
    await server?.close();
  });

  it("renders the server's flags and re-renders when a flag is toggled", async () => {
    const renders = { count: 0 };
    const container = document.createElement("div");
    const root = createRoot(container);
    act(() =>
      root.render(
        <FlagProvider client={client} context={{ key: "user-1" }}>
          <CheckoutWithStatus renders={renders} />
        </FlagProvider>,
      ),
    );
    await act(async () => {
      await client.ready({ timeoutMs: 5_000 });
    });
    expect(container.textContent).toBe("ready:classic");

    const before = renders.count;
    await act(async () => {
      const changed = new Promise<readonly string[]>((resolve) => {
        const off = client.on("change", (keys) => {
          off();
          resolve(keys);
        });
      });
      await server.toggleCheckout(true);
      expect(await changed).toEqual(["checkout"]);
    });
    expect(container.textContent).toBe("ready:new");
    expect(renders.count).toBe(before + 1);
    act(() => root.unmount());
  });
});

describe("hooks over the SDK's browser client and a real server", () => {
  let server: FlagServer;
  beforeAll(async () => {
    server = await startFlagServer();
    await server.configureCheckout(checkoutForAliceOnly);
  });
  afterAll(async () => {
    await server?.close();
  });

  it("evaluates for the provider's context and identifies the client when it changes", async () => {
    const client = createBrowserClient({
      clientKey: server.clientKey,
      baseUrl: server.url,
      context: { key: "bob" },
      storage: null,
      pollIntervalMs: 0,
      events: false,
    });
    const container = document.createElement("div");
    const root = createRoot(container);
    await act(async () => {
      root.render(<App client={client} user="bob" />);
      await client.ready({ timeoutMs: 5_000 });
    });
    expect(container.textContent).toBe("classic");

    act(() => root.render(<App client={client} user="alice" />));
    expect(client.context).toEqual({ key: "alice" });
    // The provider's identify() is in flight; React renders its outcome when this act ends.
    await act(async () => {
      await expect
        .poll(() => client.boolVariation("checkout", false), { timeout: 5_000 })
        .toBe(true);
    });
    expect(container.textContent).toBe("new");
    act(() => root.unmount());
    await client.close();
  });
});
