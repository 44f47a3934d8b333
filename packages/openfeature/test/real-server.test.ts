import { createClient } from "@flagswitch/sdk";
import { type FlagServer, startFlagServer } from "@flagswitch/testing";
import {
  type EventDetails,
  OpenFeature,
  ProviderEvents,
  StandardResolutionReasons,
} from "@openfeature/server-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FlagSwitchProvider } from "../src/index.js";

describe("FlagSwitchProvider over the SDK's client and a real server", () => {
  let server: FlagServer;
  beforeAll(async () => {
    server = await startFlagServer();
  });
  afterAll(async () => {
    await OpenFeature.close();
    await server?.close();
  });

  it("serves the server's flags and reports a toggle as ConfigurationChanged", async () => {
    const client = createClient({ sdkKey: server.serverKey, baseUrl: server.url, events: false });
    await OpenFeature.setProviderAndWait(new FlagSwitchProvider(client));
    const features = OpenFeature.getClient();
    expect(
      await features.getBooleanDetails("checkout", true, { targetingKey: "u1" }),
    ).toMatchObject({
      value: false,
      variant: "off",
      reason: StandardResolutionReasons.DISABLED,
    });

    const changes: EventDetails[] = [];
    features.addHandler(ProviderEvents.ConfigurationChanged, (details) => {
      if (details) changes.push(details);
    });
    await server.toggleCheckout(true);

    await expect.poll(() => changes.length, { timeout: 5_000 }).toBe(1);
    expect(changes[0]?.flagsChanged).toEqual(["checkout"]);
    expect(
      await features.getBooleanDetails("checkout", false, { targetingKey: "u1" }),
    ).toMatchObject({
      value: true,
      variant: "on",
      reason: StandardResolutionReasons.DEFAULT,
    });
  });
});
