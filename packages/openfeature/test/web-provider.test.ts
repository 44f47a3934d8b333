import { type BrowserClient, createBrowserClient } from "@flagswitch/sdk/browser";
import { checkoutForAliceOnly, type FlagServer, startFlagServer } from "@flagswitch/testing";
import {
  ErrorCode,
  type EventDetails,
  OpenFeature,
  ProviderEvents,
  ProviderStatus,
  StandardResolutionReasons,
} from "@openfeature/web-sdk";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { FlagSwitchWebProvider } from "../src/web.js";

describe("FlagSwitchWebProvider through @openfeature/web-sdk, over the SDK's browser client", () => {
  let server: FlagServer;
  beforeAll(async () => {
    server = await startFlagServer();
    await server.configureCheckout(checkoutForAliceOnly);
  });
  afterEach(async () => {
    await OpenFeature.close();
    await server.configureCheckout(checkoutForAliceOnly);
  });
  afterAll(async () => {
    await server?.close();
  });

  function browserClient(overrides: { pollIntervalMs?: number; baseUrl?: string } = {}) {
    const batches: { events: unknown[] }[] = [];
    const client: BrowserClient = createBrowserClient({
      clientKey: server.clientKey,
      baseUrl: overrides.baseUrl ?? server.url,
      context: { key: "anonymous" },
      storage: null,
      pollIntervalMs: overrides.pollIntervalMs ?? 0,
      requestTimeoutMs: 1_000,
      events: {
        sink: {
          name: "memory",
          async send(batch) {
            batches.push(batch);
          },
        },
      },
    });
    return { client, batches };
  }

  it("initialises with OpenFeature's context and resolves synchronously", async () => {
    const { client } = browserClient();
    await OpenFeature.setProviderAndWait(new FlagSwitchWebProvider(client), {
      targetingKey: "alice",
    });
    const features = OpenFeature.getClient();

    expect(client.context).toEqual({ key: "alice" });
    expect(features.getBooleanDetails("checkout", false)).toMatchObject({
      value: true,
      variant: "on",
      reason: StandardResolutionReasons.TARGETING_MATCH,
      flagMetadata: { reason: "RULE_MATCH", ruleId: "alice" },
    });
    expect(features.getNumberDetails("missing", 3)).toMatchObject({
      value: 3,
      reason: StandardResolutionReasons.ERROR,
      errorCode: ErrorCode.FLAG_NOT_FOUND,
    });
  });

  it("switches the client's context on OpenFeature.setContext", async () => {
    const { client } = browserClient();
    await OpenFeature.setProviderAndWait(new FlagSwitchWebProvider(client), {
      targetingKey: "alice",
    });
    const features = OpenFeature.getClient();
    expect(features.getBooleanValue("checkout", false)).toBe(true);

    await OpenFeature.setContext({ targetingKey: "bob", plan: "free" });

    expect(client.context).toEqual({ key: "bob", plan: "free" });
    expect(features.getBooleanDetails("checkout", true)).toMatchObject({
      value: false,
      reason: StandardResolutionReasons.DEFAULT,
    });
    expect(features.providerStatus).toBe(ProviderStatus.READY);
  });

  it("emits ConfigurationChanged when the server's values change", async () => {
    const { client } = browserClient({ pollIntervalMs: 50 });
    await OpenFeature.setProviderAndWait(new FlagSwitchWebProvider(client), {
      targetingKey: "carol",
    });
    const features = OpenFeature.getClient();
    expect(features.getBooleanValue("checkout", true)).toBe(false);
    const changes: EventDetails[] = [];
    features.addHandler(ProviderEvents.ConfigurationChanged, (details) => {
      if (details) changes.push(details);
    });

    await server.configureCheckout({ fallthrough: { variation: 0 } });

    await expect.poll(() => changes.length, { timeout: 5_000 }).toBeGreaterThan(0);
    expect(changes[0]?.flagsChanged).toEqual(["checkout"]);
    expect(features.getBooleanValue("checkout", false)).toBe(true);
  });

  it("forwards tracking as conversions for the client's context", async () => {
    const { client, batches } = browserClient();
    await OpenFeature.setProviderAndWait(new FlagSwitchWebProvider(client), {
      targetingKey: "dana",
    });
    OpenFeature.getClient().track("signup", { value: 1 });
    await OpenFeature.close(); // closing the client flushes its events
    expect(batches.flatMap((batch) => batch.events)).toEqual([
      expect.objectContaining({
        kind: "conversion",
        eventKey: "signup",
        contextKey: "dana",
        value: 1,
      }),
    ]);
  });

  it("rejects initialisation when the server cannot be reached, serving defaults", async () => {
    // Nothing listens on port 9 (discard).
    const { client } = browserClient({ baseUrl: "http://127.0.0.1:9" });
    client.on("error", () => {});
    await expect(
      OpenFeature.setProviderAndWait(new FlagSwitchWebProvider(client), { targetingKey: "erin" }),
    ).rejects.toBeDefined();
    const features = OpenFeature.getClient();
    expect(features.providerStatus).toBe(ProviderStatus.ERROR);
    expect(features.getBooleanDetails("checkout", true)).toMatchObject({
      value: true,
      errorCode: ErrorCode.PROVIDER_NOT_READY,
    });
  });
});
