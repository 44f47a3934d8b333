/**
 * Model-based fault sequences (fast-check): a real server goes down, answers 5xx, malformed,
 * invalid, truncated or slow documents, drops streams, and publishes good documents in between.
 * After every step the client serves a good document no older than the last one it served; after
 * the server heals it serves the newest good document within one poll interval.
 */
import "./support/no-unhandled-rejections.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  createClient,
  createPollingSource,
  createStreamingSource,
  type FlagClient,
  type Source,
  silentLogger,
} from "../src/index.js";
import { bannerDocument, invalidDocument } from "./support/documents.js";
import { FlagServer } from "./support/flag-server.js";
import { sleep, waitFor } from "./support/wait.js";

const INTERVAL_MS = 40;
const REQUEST_TIMEOUT_MS = 120;
/** A cap far above the interval: the poller must still bound its backoff by the interval. */
const POLL_RETRY = { initialMs: 5, maxMs: 60_000 };
const STREAM_RETRY = { initialMs: 5, maxMs: INTERVAL_MS };
/**
 * One interval (+10 % jitter), a request that may be hanging on a slow server, and slack for a
 * loaded machine. A backoff cap above the interval (the classic bug) overshoots it by far.
 */
const RECOVERY_BOUND_MS = INTERVAL_MS * 1.1 + REQUEST_TIMEOUT_MS + 250;

interface Model {
  version: number;
  /** Values of good documents, by version. */
  good: Map<number, string>;
  /** The newest good version published. */
  latestGood: number;
  /** The version the client served at the last check. */
  served: number;
  serverDown: boolean;
}

interface Real {
  server: FlagServer;
  client: FlagClient;
}

function servedVersion(model: Model, client: FlagClient): number {
  const value = client.stringVariation("banner", { key: "ada" }, "none");
  for (const [version, good] of model.good) if (good === value) return version;
  throw new Error(`the client serves "${value}", which no good document ever held`);
}

/** The invariant after every step: a good document, never older than the one served before. */
async function checkLastGood(model: Model, real: Real): Promise<void> {
  await sleep(INTERVAL_MS / 2);
  const version = servedVersion(model, real.client);
  expect(version).toBeGreaterThanOrEqual(model.served);
  model.served = version;
}

class Publish implements fc.AsyncCommand<Model, Real> {
  constructor(readonly valid: boolean) {}
  check = () => true;
  async run(model: Model, real: Real) {
    model.version++;
    if (this.valid) {
      const value = `value-${model.version}`;
      model.good.set(model.version, value);
      model.latestGood = model.version;
      real.server.publish(bannerDocument(model.version, value));
    } else {
      real.server.publish(invalidDocument(model.version));
    }
    await checkLastGood(model, real);
  }
  toString = () => `publish(${this.valid ? "good" : "invalid"})`;
}

class Misbehave implements fc.AsyncCommand<Model, Real> {
  constructor(readonly fault: "500" | "503" | "malformed" | "truncated" | "slow" | "drop") {}
  check = (model: Readonly<Model>) => !model.serverDown;
  async run(model: Model, real: Real) {
    const s = real.server;
    switch (this.fault) {
      case "500":
      case "503":
        s.flags = { kind: "status", status: Number(this.fault) };
        s.stream = { kind: "status", status: Number(this.fault) };
        s.dropStreams();
        break;
      case "malformed":
        s.flags = { kind: "malformed" };
        break;
      case "truncated":
        s.flags = { kind: "truncated" };
        s.dropStreams();
        break;
      case "slow":
        s.flags = { kind: "slow", delayMs: REQUEST_TIMEOUT_MS * 2 };
        break;
      case "drop":
        s.dropStreams();
        break;
    }
    await checkLastGood(model, real);
  }
  toString = () => `misbehave(${this.fault})`;
}

class GoDown implements fc.AsyncCommand<Model, Real> {
  check = (model: Readonly<Model>) => !model.serverDown;
  async run(model: Model, real: Real) {
    model.serverDown = true;
    await real.server.stop();
    await checkLastGood(model, real);
  }
  toString = () => "goDown";
}

class Heal implements fc.AsyncCommand<Model, Real> {
  check = () => true;
  async run(model: Model, real: Real) {
    const s = real.server;
    s.flags = { kind: "serve" };
    s.stream = { kind: "serve" };
    if (model.serverDown) {
      await s.listen();
      model.serverDown = false;
    }
    // The server's current document may be an invalid one: heal with a newer good one.
    model.version++;
    const value = `value-${model.version}`;
    model.good.set(model.version, value);
    model.latestGood = model.version;
    s.publish(bannerDocument(model.version, value));
    await waitFor(
      `the newest good document within ${RECOVERY_BOUND_MS} ms of healing`,
      () => real.client.stringVariation("banner", { key: "ada" }, "none") === value,
      RECOVERY_BOUND_MS,
    );
    model.served = model.version;
  }
  toString = () => "heal";
}

const commands = [
  fc.boolean().map((valid) => new Publish(valid)),
  fc
    .constantFrom("500", "503", "malformed", "truncated", "slow", "drop")
    .map((fault) => new Misbehave(fault as Misbehave["fault"])),
  fc.constant(new GoDown()),
  fc.constant(new Heal()),
];

const sources: { name: string; create(): Source }[] = [
  {
    name: "polling",
    create: () =>
      createPollingSource({
        intervalMs: INTERVAL_MS,
        requestTimeoutMs: REQUEST_TIMEOUT_MS,
        retry: POLL_RETRY,
      }),
  },
  {
    name: "streaming with polling fallback",
    create: () =>
      createStreamingSource({
        heartbeatTimeoutMs: 1_000,
        retry: STREAM_RETRY,
        fallback: {
          intervalMs: INTERVAL_MS,
          requestTimeoutMs: REQUEST_TIMEOUT_MS,
          retry: POLL_RETRY,
        },
      }),
  },
];

describe.each(sources)("fault sequences against the $name source", ({ create }) => {
  it("always serves the last good document and recovers within one interval", async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 10 }), async (sequence) => {
        const server = await FlagServer.start(bannerDocument(1, "value-1"));
        const client = createClient({
          sdkKey: "test-key",
          baseUrl: server.url,
          source: create(),
          events: false,
          logger: silentLogger,
        });
        try {
          expect(await client.ready({ timeoutMs: 1_000 })).toBe("ready");
          const model: Model = {
            version: 1,
            good: new Map([[1, "value-1"]]),
            latestGood: 1,
            served: 1,
            serverDown: false,
          };
          await fc.asyncModelRun(
            () => ({ model, real: { server, client } }),
            [...sequence, new Heal()],
          );
        } finally {
          await client.close();
          await server.stop();
        }
      }),
      { numRuns: 20 },
    );
  }, 60_000);
});
