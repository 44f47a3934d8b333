/** The client without a network: bootstrap, defaults, guards, change events, events, close. */
import "./support/no-unhandled-rejections.js";
import type { FlagDocument } from "@flagswitch/core";
import { describe, expect, it } from "vitest";
import type { EventBatch } from "../src/events/event-types.js";
import {
  createClient,
  type FlagSwitchError,
  InvalidDocumentError,
  type Source,
  type SourceSink,
  silentLogger,
} from "../src/index.js";
import { bannerDocument, booleanFlag, invalidDocument } from "./support/documents.js";

/** A source the test drives by hand: the same interface every transport implements. */
function manualSource(): Source & { sink(): SourceSink } {
  let current: SourceSink | undefined;
  return {
    name: "manual",
    start(sink) {
      current = sink;
    },
    close() {},
    sink() {
      if (!current) throw new Error("not started");
      return current;
    },
  };
}

function experimentDocument(): FlagDocument {
  return {
    schemaVersion: 1,
    environment: "test",
    version: 1,
    flags: {
      "new-checkout": {
        key: "new-checkout",
        version: 3,
        enabled: true,
        variations: [
          { key: "control", value: false },
          { key: "treatment", value: true },
        ],
        offVariation: 0,
        fallthrough: { rollout: { weights: [50_000, 50_000] } },
        experiment: { key: "checkout-test", running: true },
      },
      gate: {
        ...booleanFlag("gate", 1, true),
        prerequisites: [{ flag: "new-checkout", variation: "treatment" }],
      },
    },
    segments: {},
  };
}

describe("client", () => {
  it("serves code defaults with ERROR/CLIENT_NOT_READY before any document", async () => {
    const client = createClient({ sdkKey: "k", source: manualSource(), logger: silentLogger });
    expect(client.status).toBe("initializing");
    expect(client.boolVariation("x", { key: "a" }, true)).toBe(true);
    expect(client.variationDetail("x", { key: "a" }, 3).reason).toEqual({
      kind: "ERROR",
      errorKind: "CLIENT_NOT_READY",
    });
    expect(client.allFlags({ key: "a" })).toEqual({});
    expect(await client.ready({ timeoutMs: 20 })).toBe("failed");
    expect(client.status).toBe("failed");
    await client.close();
  });

  it("serves a bootstrap document at once (status bootstrap), then the network's", async () => {
    const source = manualSource();
    const client = createClient({
      sdkKey: "k",
      source,
      bootstrap: bannerDocument(1, "boot"),
      logger: silentLogger,
    });
    expect(client.status).toBe("bootstrap");
    expect(client.stringVariation("banner", {}, "d")).toBe("boot");
    expect(client.allFlags({ key: "a" })).toEqual({ banner: "boot", checkout: true });
    expect(await client.ready({ timeoutMs: 20 })).toBe("bootstrap");
    const readyLater = client.ready({ timeoutMs: 5_000 });
    expect(source.sink().document(bannerDocument(2, "net"), "test")).toBe(true);
    expect(await readyLater).toBe("ready");
    expect(client.stringVariation("banner", {}, "d")).toBe("net");
    await client.close();
  });

  it("resolves ready() with bootstrap at once when nothing else can come", async () => {
    const client = createClient({
      sdkKey: "k",
      bootstrap: bannerDocument(1, "boot"),
      logger: silentLogger,
    });
    const started = Date.now();
    expect(await client.ready({ timeoutMs: 5_000 })).toBe("bootstrap");
    expect(Date.now() - started).toBeLessThan(100);
    await client.close();
  });

  it("reports an invalid bootstrap through on('error') and keeps serving defaults", async () => {
    const client = createClient({
      sdkKey: "k",
      bootstrap: invalidDocument(1),
      logger: silentLogger,
    });
    const errors: FlagSwitchError[] = [];
    client.on("error", (error) => errors.push(error));
    await Promise.resolve();
    expect(errors[0]).toBeInstanceOf(InvalidDocumentError);
    expect(errors[0]?.message).toContain("/flags/banner/offVariation");
    expect(client.stringVariation("banner", {}, "d")).toBe("d");
    await client.close();
  });

  it("rejects an invalid document or patch and keeps the last good one", async () => {
    const source = manualSource();
    const client = createClient({ sdkKey: "k", source, logger: silentLogger });
    const errors: FlagSwitchError[] = [];
    client.on("error", (error) => errors.push(error));
    const sink = source.sink();
    expect(sink.patch({ kind: "flag", key: "x", data: booleanFlag("x", 1, true) }, "early")).toBe(
      false,
    );
    expect(sink.document(bannerDocument(1, "good"), "t")).toBe(true);
    expect(sink.document(invalidDocument(2), "t")).toBe(false);
    expect(sink.document("not a document", "t")).toBe(false);
    expect(sink.patch({ kind: "flag", key: "banner", data: { version: 9 } }, "t")).toBe(false);
    expect(sink.delete({ kind: "flag" }, "t")).toBe(false);
    expect(errors).toHaveLength(5);
    expect(errors.every((error) => error instanceof InvalidDocumentError)).toBe(true);
    expect(client.stringVariation("banner", {}, "d")).toBe("good");
    await client.close();
  });

  it("tells change listeners exactly the flags whose version changed, and none for the same document", async () => {
    const source = manualSource();
    const client = createClient({ sdkKey: "k", source, logger: silentLogger });
    const changes: string[][] = [];
    client.on("change", (keys) => changes.push([...keys].sort()));
    const sink = source.sink();
    sink.document(experimentDocument(), "t");
    sink.document(experimentDocument(), "t");
    const next = experimentDocument();
    const checkoutFlag = next.flags["new-checkout"];
    if (!checkoutFlag) throw new Error("fixture lost its flag");
    next.flags["new-checkout"] = { ...checkoutFlag, version: 4, enabled: false };
    sink.document(next, "t");
    sink.patch({ kind: "flag", key: "gate", data: booleanFlag("gate", 1, false) }, "t"); // not newer
    expect(changes).toEqual([
      ["gate", "new-checkout"],
      ["gate", "new-checkout"],
    ]);
    await client.close();
  });

  it("never lets a throwing listener reach the source or the host", async () => {
    const source = manualSource();
    const client = createClient({ sdkKey: "k", source, logger: silentLogger });
    client.on("change", () => {
      throw new Error("listener bug");
    });
    client.on("error", () => {
      throw new Error("listener bug");
    });
    const seen: string[][] = [];
    const unsubscribe = client.on("change", (keys) => seen.push([...keys]));
    expect(() => source.sink().document(bannerDocument(1, "a"), "t")).not.toThrow();
    expect(() => source.sink().document(invalidDocument(2), "t")).not.toThrow();
    unsubscribe();
    source.sink().document(bannerDocument(3, "b"), "t");
    expect(seen).toHaveLength(1);
    expect(client.stringVariation("banner", {}, "d")).toBe("b");
    await client.close();
  });

  it("records an exposure for results in an experiment, deduplicated, and conversions from track()", async () => {
    const batches: EventBatch[] = [];
    const client = createClient({
      sdkKey: "k",
      bootstrap: experimentDocument(),
      events: { sink: { name: "memory", send: async (batch) => void batches.push(batch) } },
      logger: silentLogger,
    });
    for (let i = 0; i < 3; i++) client.boolVariation("new-checkout", { key: "user-1" }, false);
    const detail = client.variationDetail("new-checkout", { key: "user-2" }, false);
    expect(detail.reason.inExperiment).toBe(true);
    client.boolVariation("gate", { key: "user-1" }, false); // not an experiment flag itself
    client.track("checkout-completed", { key: "user-1" }, 42);
    client.track("ignored-without-key", {});
    await client.flush();
    const events = batches.flatMap((batch) => batch.events);
    const exposures = events.filter((event) => event.kind === "exposure");
    expect(exposures).toHaveLength(2);
    expect(exposures[0]).toMatchObject({
      flagKey: "new-checkout",
      flagVersion: 3,
      contextKey: "user-1",
      experimentKey: "checkout-test",
    });
    expect(["control", "treatment"]).toContain((exposures[0] as { variation: string }).variation);
    expect(events.filter((event) => event.kind === "conversion")).toEqual([
      expect.objectContaining({ eventKey: "checkout-completed", contextKey: "user-1", value: 42 }),
    ]);
    await client.close();
  });

  it("flushes events on close, and close is idempotent", async () => {
    const batches: EventBatch[] = [];
    const client = createClient({
      sdkKey: "k",
      bootstrap: experimentDocument(),
      events: { sink: { name: "memory", send: async (batch) => void batches.push(batch) } },
      logger: silentLogger,
    });
    client.track("signup", { key: "u" });
    await Promise.all([client.close(), client.close()]);
    await client.close();
    expect(batches.flatMap((batch) => batch.events)).toHaveLength(1);
  });

  it("ignores what a source delivers after close", async () => {
    const source = manualSource();
    const client = createClient({ sdkKey: "k", source, logger: silentLogger });
    await client.close();
    expect(source.sink().document(bannerDocument(1, "late"), "t")).toBe(false);
    expect(client.stringVariation("banner", {}, "d")).toBe("d");
  });
});

describe("client configuration", () => {
  it("reports a missing SDK key instead of throwing", async () => {
    const client = createClient({ sdkKey: "", source: manualSource(), logger: silentLogger });
    const errors: FlagSwitchError[] = [];
    client.on("error", (error) => errors.push(error));
    await Promise.resolve();
    expect(errors.map((error) => error.code)).toEqual(["CONFIGURATION"]);
    await client.close();
  });
});
