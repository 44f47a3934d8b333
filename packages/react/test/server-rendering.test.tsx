// @vitest-environment node
import { createClient, silentLogger } from "@flagswitch/sdk";
import { documentOf, servingFlag } from "@flagswitch/testing";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { FlagProvider, useFlag, useFlagsReady } from "../src/index.js";

function Page() {
  const greeting = useFlag("greeting", "hello");
  const { status } = useFlagsReady();
  return <main>{`${greeting} (${status})`}</main>;
}

describe("server rendering with the SDK's client", () => {
  it("renders a bootstrap document's flags with renderToString", async () => {
    const client = createClient({
      sdkKey: "server-rendering",
      bootstrap: documentOf([servingFlag("greeting", ["hello", "bonjour"], 1)]),
      events: false,
    });
    const html = renderToString(
      <FlagProvider client={client} context={{ key: "visitor" }}>
        <Page />
      </FlagProvider>,
    );
    expect(html).toBe("<main>bonjour (bootstrap)</main>");
    await client.close();
  });

  it("renders the defaults while the client has no flags yet", async () => {
    // Nothing listens on port 9 (discard): the client stays "initializing" during the render.
    const client = createClient({
      sdkKey: "server-rendering",
      baseUrl: "http://127.0.0.1:9",
      events: false,
      logger: silentLogger,
    });
    const html = renderToString(
      <FlagProvider client={client} context={{ key: "visitor" }}>
        <Page />
      </FlagProvider>,
    );
    expect(html).toBe("<main>hello (initializing)</main>");
    await client.close();
  });
});
