import type { FlagDocument, JsonValue } from "@flagswitch/core";
import { createClient, type FlagClient } from "@flagswitch/sdk";
import { createPushedSource, documentOf, servingFlag } from "@flagswitch/testing";
import { act, StrictMode } from "react";
import { createRoot, type Root } from "react-dom/client";
import { afterEach, beforeEach, describe, expect, expectTypeOf, it } from "vitest";
import { FlagProvider, useFlag, useFlagsReady, useVariationDetail } from "../src/index.js";

// React's act() warns unless the environment says it is a test.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const bannerOn = servingFlag("banner", [false, true], 1);
const themeDark = servingFlag("theme", ["light", "dark"], 1);

/** Render counts per component, reset before each test. */
const renders = { banner: 0, theme: 0 };

function Banner() {
  renders.banner += 1;
  const on = useFlag("banner", false);
  expectTypeOf(on).toEqualTypeOf<boolean>(); // typed by the default, widened from `false`
  return <p id="banner">{on ? "banner on" : "banner off"}</p>;
}

function Theme() {
  renders.theme += 1;
  const theme = useFlag("theme", "light");
  expectTypeOf(theme).toEqualTypeOf<string>();
  return <p id="theme">{theme}</p>;
}

function App({ client, plan }: { client: FlagClient; plan: string }) {
  return (
    <FlagProvider client={client} context={{ key: "user-1", plan }}>
      <Banner />
      <Theme />
    </FlagProvider>
  );
}

function Detail({
  flagKey,
  fallback,
  seen,
}: {
  flagKey: string;
  fallback: JsonValue;
  seen: unknown[];
}) {
  seen.push(useVariationDetail(flagKey, fallback));
  return null;
}

function Status({ statuses }: { statuses: string[] }) {
  const { ready, status } = useFlagsReady();
  statuses.push(`${ready}:${status}`);
  return <Banner />;
}

function Lonely() {
  const on = useFlag("banner", true);
  const { status } = useFlagsReady();
  return <p id="lonely">{`${on}:${status}`}</p>;
}

/** The client, with a count of its `on()` listeners still attached. */
function countingListeners(client: FlagClient): { client: FlagClient; attached(): number } {
  let attached = 0;
  const counted = new Proxy(client, {
    get(target, property) {
      if (property === "on") {
        return (...args: Parameters<FlagClient["on"]>) => {
          const off = target.on(...args);
          attached += 1;
          let done = false;
          return () => {
            if (!done) attached -= 1;
            done = true;
            off();
          };
        };
      }
      // The client keeps its state in private fields: call its methods on the client itself.
      const value = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { client: counted, attached: () => attached };
}

/** The SDK's client fed by a source the test pushes documents through. */
function pushedClient(initial?: FlagDocument): { client: FlagClient; push(d: FlagDocument): void } {
  const pushed = createPushedSource();
  const client = createClient({ sdkKey: "react-test", source: pushed.source, events: false });
  if (initial) pushed.push(initial);
  return {
    client,
    push(document) {
      expect(pushed.push(document)).toBe(true);
    },
  };
}

describe("hooks over the SDK's client", () => {
  let container: HTMLElement;
  let root: Root;
  let client: FlagClient;
  let push: (document: FlagDocument) => void;
  const text = (id: string) => container.querySelector(`#${id}`)?.textContent;

  beforeEach(() => {
    ({ client, push } = pushedClient(documentOf([bannerOn, themeDark])));
    container = document.createElement("div");
    document.body.append(container);
    root = createRoot(container);
    renders.banner = 0;
    renders.theme = 0;
  });
  afterEach(async () => {
    act(() => root.unmount());
    container.remove();
    await client.close();
  });

  it("renders the flags' values for the context", () => {
    act(() => root.render(<App client={client} plan="pro" />));
    expect(text("banner")).toBe("banner on");
    expect(text("theme")).toBe("dark");
  });

  it("re-renders only the component whose flag changed", () => {
    act(() => root.render(<App client={client} plan="pro" />));
    const before = { ...renders };

    act(() => push(documentOf([servingFlag("banner", [false, true], 0, 2), themeDark], 2)));

    expect(text("banner")).toBe("banner off");
    expect(renders.banner).toBe(before.banner + 1);
    expect(renders.theme).toBe(before.theme);
  });

  it("does not re-render when a changed flag still serves the same result", () => {
    act(() => root.render(<App client={client} plan="pro" />));
    const before = { ...renders };

    act(() => push(documentOf([servingFlag("banner", [false, true], 1, 2), themeDark], 2)));

    expect(renders).toEqual(before);
  });

  it("keeps the store when a parent re-renders with an equal context literal", () => {
    act(() => root.render(<App client={client} plan="pro" />));
    act(() => root.render(<App client={client} plan="pro" />));
    act(() => push(documentOf([bannerOn, servingFlag("theme", ["light", "dark"], 0, 2)], 2)));
    expect(text("theme")).toBe("light");
    expect(text("banner")).toBe("banner on");
  });

  it("evaluates for the new context when the context changes", () => {
    const byPlan = servingFlag("banner", [false, true], 0, 2);
    byPlan.rules = [
      {
        id: "pro",
        clauses: [{ attribute: "plan", op: "in", values: ["pro"] }],
        serve: { variation: 1 },
      },
    ];
    push(documentOf([byPlan, themeDark], 2));
    act(() => root.render(<App client={client} plan="free" />));
    expect(text("banner")).toBe("banner off");
    act(() => root.render(<App client={client} plan="pro" />));
    expect(text("banner")).toBe("banner on");
  });

  it("exposes the evaluation detail and serves the default for an unknown flag", () => {
    const seen: unknown[] = [];
    act(() =>
      root.render(
        <FlagProvider client={client} context={{ key: "user-1" }}>
          <Detail flagKey="missing" fallback={{ layout: "grid" }} seen={seen} />
        </FlagProvider>,
      ),
    );
    expect(seen.at(-1)).toEqual({
      value: { layout: "grid" },
      variationIndex: null,
      variationKey: null,
      reason: { kind: "ERROR", errorKind: "FLAG_NOT_FOUND" },
    });
  });

  it("serves the default with a WRONG_TYPE error when the flag's type differs from the default's", () => {
    const seen: unknown[] = [];
    act(() =>
      root.render(
        <FlagProvider client={client} context={{ key: "user-1" }}>
          <Detail flagKey="theme" fallback={0} seen={seen} />
        </FlagProvider>,
      ),
    );
    expect(seen.at(-1)).toMatchObject({
      value: 0,
      reason: { kind: "ERROR", errorKind: "WRONG_TYPE" },
    });
  });

  it("reports readiness and moves to ready when the first document arrives", async () => {
    await client.close();
    ({ client, push } = pushedClient());
    const statuses: string[] = [];
    act(() =>
      root.render(
        <FlagProvider client={client} context={{ key: "user-1" }}>
          <Status statuses={statuses} />
        </FlagProvider>,
      ),
    );
    expect(text("banner")).toBe("banner off");
    await act(async () => push(documentOf([bannerOn])));
    expect(statuses[0]).toBe("false:initializing");
    expect(statuses.at(-1)).toBe("true:ready");
    expect(text("banner")).toBe("banner on");
  });

  it("works under StrictMode and leaves no listener on the client after unmounting", () => {
    const counted = countingListeners(client);
    act(() =>
      root.render(
        <StrictMode>
          <App client={counted.client} plan="pro" />
        </StrictMode>,
      ),
    );
    expect(counted.attached()).toBeGreaterThan(0);
    act(() => push(documentOf([servingFlag("banner", [false, true], 0, 2), themeDark], 2)));
    expect(text("banner")).toBe("banner off");

    act(() => root.render(<p>gone</p>));

    expect(counted.attached()).toBe(0);
  });

  it("serves defaults outside a provider", () => {
    act(() => root.render(<Lonely />));
    expect(text("lonely")).toBe("true:failed");
  });
});
