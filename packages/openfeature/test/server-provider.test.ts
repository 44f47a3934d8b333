import type { Flag, FlagDocument } from "@flagswitch/core";
import { createClient, type FlagClient, NetworkError } from "@flagswitch/sdk";
import {
  createPushedSource,
  documentOf,
  type PushedSource,
  servingFlag,
} from "@flagswitch/testing";
import {
  ErrorCode,
  type EventDetails,
  OpenFeature,
  ProviderEvents,
  ProviderStatus,
  StandardResolutionReasons,
} from "@openfeature/server-sdk";
import { afterEach, describe, expect, it } from "vitest";
import { FlagSwitchProvider } from "../src/server.js";

/** On for alice (target), on for the "beta" group (rule), off for everyone else. */
function checkoutFlag(version = 1): Flag {
  const flag = servingFlag("new-checkout", [false, true], 0, version);
  flag.targets = [{ variation: 1, values: ["alice"] }];
  flag.rules = [
    {
      id: "beta",
      clauses: [{ attribute: "groups", op: "in", values: ["beta"] }],
      serve: { variation: 1 },
    },
  ];
  return flag;
}
function experimentFlag(): Flag {
  const flag = servingFlag("button-color", ["blue", "green"], 0);
  flag.fallthrough = { rollout: { weights: [50_000, 50_000] } };
  flag.experiment = { key: "button-test", running: true };
  return flag;
}
function switchedOff(): Flag {
  return { ...servingFlag("legacy-export", [false, true], 1), enabled: false };
}
function gated(): Flag {
  return {
    ...servingFlag("gated", ["a", "b"], 1),
    prerequisites: [{ flag: "legacy-export", variation: "v1" }],
  };
}
const allFlags = () => [
  checkoutFlag(),
  experimentFlag(),
  switchedOff(),
  gated(),
  servingFlag("max-items", [10, 25], 1),
  servingFlag("layout", [{ columns: 1 }, { columns: 3 }], 1),
];

afterEach(async () => {
  await OpenFeature.close();
});

/** The SDK's client fed by a source the test pushes documents through; events to `batches`. */
function pushedClient(initial?: FlagDocument) {
  const pushed: PushedSource = createPushedSource();
  const batches: { events: unknown[] }[] = [];
  const client: FlagClient = createClient({
    sdkKey: "openfeature-test",
    source: pushed.source,
    events: {
      sink: {
        name: "memory",
        async send(batch) {
          batches.push(batch);
        },
      },
    },
  });
  if (initial) pushed.push(initial);
  return { client, pushed, batches };
}

describe("FlagSwitchProvider through @openfeature/server-sdk", () => {
  it("resolves every type and maps targeting reasons", async () => {
    const { client } = pushedClient(documentOf(allFlags()));
    await OpenFeature.setProviderAndWait(new FlagSwitchProvider(client));
    const features = OpenFeature.getClient();

    expect(
      await features.getBooleanDetails("new-checkout", false, { targetingKey: "alice" }),
    ).toMatchObject({
      value: true,
      variant: "v1",
      reason: StandardResolutionReasons.TARGETING_MATCH,
      flagMetadata: { reason: "TARGET_MATCH" },
    });
    expect(
      await features.getBooleanDetails("new-checkout", false, {
        targetingKey: "bob",
        groups: ["beta"],
      }),
    ).toMatchObject({
      value: true,
      reason: StandardResolutionReasons.TARGETING_MATCH,
      flagMetadata: { reason: "RULE_MATCH", ruleId: "beta" },
    });
    expect(
      await features.getBooleanDetails("new-checkout", true, { targetingKey: "carol" }),
    ).toMatchObject({
      value: false,
      variant: "v0",
      reason: StandardResolutionReasons.DEFAULT,
    });
    expect(await features.getNumberValue("max-items", 1)).toBe(25);
    expect(await features.getObjectValue("layout", { columns: 2 })).toEqual({ columns: 3 });
  });

  it("maps experiments to SPLIT, off and failed prerequisites to DISABLED", async () => {
    const { client } = pushedClient(documentOf(allFlags()));
    await OpenFeature.setProviderAndWait(new FlagSwitchProvider(client));
    const features = OpenFeature.getClient();

    const split = await features.getStringDetails("button-color", "red", { targetingKey: "dana" });
    expect(["blue", "green"]).toContain(split.value);
    expect(split.reason).toBe(StandardResolutionReasons.SPLIT);
    expect(split.flagMetadata).toEqual({ reason: "FALLTHROUGH", inExperiment: true });

    expect(await features.getBooleanDetails("legacy-export", true)).toMatchObject({
      value: false,
      reason: StandardResolutionReasons.DISABLED,
      flagMetadata: { reason: "OFF" },
    });
    expect(await features.getStringDetails("gated", "z", { targetingKey: "erin" })).toMatchObject({
      value: "a",
      reason: StandardResolutionReasons.DISABLED,
      flagMetadata: { reason: "PREREQUISITE_FAILED", prerequisiteKey: "legacy-export" },
    });
  });

  it("maps errors to OpenFeature error codes and serves the default", async () => {
    const { client } = pushedClient(documentOf(allFlags()));
    await OpenFeature.setProviderAndWait(new FlagSwitchProvider(client));
    const features = OpenFeature.getClient();

    expect(await features.getBooleanDetails("no-such-flag", true)).toMatchObject({
      value: true,
      reason: StandardResolutionReasons.ERROR,
      errorCode: ErrorCode.FLAG_NOT_FOUND,
      errorMessage: expect.stringContaining('"no-such-flag"'),
    });
    expect(await features.getStringDetails("max-items", "ten")).toMatchObject({
      value: "ten",
      reason: StandardResolutionReasons.ERROR,
      errorCode: ErrorCode.TYPE_MISMATCH,
    });
  });

  it("emits ConfigurationChanged with the changed flag keys", async () => {
    const { client, pushed } = pushedClient(documentOf(allFlags()));
    await OpenFeature.setProviderAndWait(new FlagSwitchProvider(client));
    const features = OpenFeature.getClient();
    const changes: EventDetails[] = [];
    features.addHandler(ProviderEvents.ConfigurationChanged, (details) => {
      if (details) changes.push(details);
    });

    const flags = allFlags();
    flags[0] = { ...checkoutFlag(2), fallthrough: { variation: 1 } };
    expect(pushed.push(documentOf(flags, 2))).toBe(true);

    await expect.poll(() => changes.length).toBe(1);
    expect(changes[0]?.flagsChanged).toEqual(["new-checkout"]);
    expect(await features.getBooleanValue("new-checkout", false, { targetingKey: "carol" })).toBe(
      true,
    );
  });

  it("rejects initialisation without flags, then becomes ready when flags arrive", async () => {
    const { client, pushed } = pushedClient();
    const provider = new FlagSwitchProvider(client, { readyTimeoutMs: 20 });
    await expect(OpenFeature.setProviderAndWait(provider)).rejects.toBeDefined();
    const features = OpenFeature.getClient();
    expect(features.providerStatus).toBe(ProviderStatus.ERROR);
    expect(await features.getBooleanDetails("new-checkout", true)).toMatchObject({
      value: true,
      errorCode: ErrorCode.PROVIDER_NOT_READY,
    });

    // OpenFeature runs a new Error handler at once for a provider already in ERROR: skip that call.
    const errors: EventDetails[] = [];
    features.addHandler(ProviderEvents.Error, (details) => {
      if (details) errors.push(details);
    });
    const before = errors.length;
    pushed.fail(new NetworkError("http://flags.test/sdk/v1/flags", "connection refused"));
    await expect.poll(() => errors.length).toBe(before + 1);
    expect(errors.at(-1)?.message).toContain("connection refused");

    pushed.push(documentOf(allFlags()));
    await expect.poll(() => features.providerStatus).toBe(ProviderStatus.READY);
    expect(await features.getBooleanValue("new-checkout", false, { targetingKey: "alice" })).toBe(
      true,
    );
  });

  it("forwards tracking as conversions and closes the client with OpenFeature", async () => {
    const { client, batches } = pushedClient(documentOf(allFlags()));
    await OpenFeature.setProviderAndWait(new FlagSwitchProvider(client));
    OpenFeature.getClient().track(
      "checkout-completed",
      { targetingKey: "alice", plan: "pro" },
      { value: 42 },
    );
    await OpenFeature.close(); // closing the client flushes its events
    expect(batches.flatMap((batch) => batch.events)).toEqual([
      expect.objectContaining({
        kind: "conversion",
        eventKey: "checkout-completed",
        contextKey: "alice",
        value: 42,
      }),
    ]);
  });

  it("turns targetingKey into the key and dates into ISO strings", async () => {
    const { toFlagSwitchContext } = await import("../src/server.js");
    expect(
      toFlagSwitchContext({
        targetingKey: "u1",
        signedUp: new Date(Date.UTC(2026, 0, 2)),
        tags: ["a"],
      }),
    ).toEqual({ key: "u1", signedUp: "2026-01-02T00:00:00.000Z", tags: ["a"] });
  });
});
