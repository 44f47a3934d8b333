import type { AddressInfo } from "node:net";
import type { Flag } from "@flagswitch/core";
import { createClient, type FlagClient } from "@flagswitch/sdk";
import { documentOf, servingFlag } from "@flagswitch/testing";
import express, { type Express, type RequestHandler } from "express";
import { afterEach, describe, expect, expectTypeOf, it } from "vitest";
import {
  ANONYMOUS_CONTEXT,
  type ContextResolutionError,
  flagswitch,
  type RequestFlags,
} from "../src/index.js";

/** `new-checkout` is on for alice only; the others serve one value to everyone. */
function checkoutFlag(): Flag {
  const flag = servingFlag("new-checkout", [false, true], 0);
  flag.targets = [{ variation: 1, values: ["alice"] }];
  return flag;
}
const flags = [
  checkoutFlag(),
  servingFlag("banner-text", ["", "Winter sale"], 1),
  servingFlag("max-items", [10, 25], 1),
  servingFlag("layout", [{ columns: 1 }, { columns: 3 }], 1),
];

const servers: { close(): void }[] = [];
const clients: FlagClient[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) server.close();
  for (const client of clients.splice(0)) await client.close();
});

/** The SDK's client, bootstrapped with the flags above; its event batches land in `batches`. */
function bootstrappedClient(batches: unknown[] = []): FlagClient {
  const client = createClient({
    sdkKey: "express-test",
    bootstrap: documentOf(flags),
    events: {
      sink: {
        name: "memory",
        async send(batch) {
          batches.push(batch);
        },
      },
    },
  });
  clients.push(client);
  return client;
}

async function listen(app: Express): Promise<string> {
  return new Promise((resolve) => {
    const server = app.listen(0, "127.0.0.1", () => {
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    });
    servers.push(server);
  });
}

function appWith(middleware: RequestHandler): Express {
  const app = express();
  app.use(middleware);
  app.get("/flags", (req, res) => {
    // Declaration merging: Express's own Request type carries `flags`.
    expectTypeOf(req.flags).toEqualTypeOf<RequestFlags>();
    res.json({
      context: req.flags.context,
      checkout: req.flags.bool("new-checkout", false),
      banner: req.flags.string("banner-text", "none"),
      maxItems: req.flags.number("max-items", 1),
      layout: req.flags.json("layout", { columns: 2 }),
      detail: req.flags.detail("new-checkout", false),
      all: req.flags.all(),
    });
  });
  app.post("/buy", (req, res) => {
    req.flags.track("checkout-completed", 42);
    res.status(204).end();
  });
  return app;
}

/** What GET /flags answers. */
interface FlagsBody {
  context: Record<string, unknown>;
  checkout: boolean;
  banner: string;
  maxItems: number;
  layout: unknown;
  detail: { value: unknown; reason: Record<string, unknown> };
  all: Record<string, unknown>;
}

async function getFlags(url: string, user?: string): Promise<FlagsBody> {
  const response = await fetch(`${url}/flags`, user ? { headers: { "x-user": user } } : {});
  expect(response.status).toBe(200);
  return (await response.json()) as FlagsBody;
}

const userFromHeader = (req: express.Request) => ({ key: req.get("x-user") ?? "nobody" });

describe("flagswitch() middleware", () => {
  it("binds req.flags to the request's context", async () => {
    const client = bootstrappedClient();
    const url = await listen(appWith(flagswitch(client, { context: userFromHeader })));

    const alice = await getFlags(url, "alice");
    const bob = await getFlags(url, "bob");

    expect(alice).toEqual({
      context: { key: "alice" },
      checkout: true,
      banner: "Winter sale",
      maxItems: 25,
      layout: { columns: 3 },
      detail: {
        value: true,
        variationIndex: 1,
        variationKey: "v1",
        reason: { kind: "TARGET_MATCH" },
      },
      all: {
        "new-checkout": true,
        "banner-text": "Winter sale",
        "max-items": 25,
        layout: { columns: 3 },
      },
    });
    expect(bob.checkout).toBe(false);
    expect(bob.detail.reason).toEqual({ kind: "FALLTHROUGH" });
  });

  it("tracks conversions for the request's context", async () => {
    const batches: unknown[] = [];
    const client = bootstrappedClient(batches);
    const url = await listen(appWith(flagswitch(client, { context: userFromHeader })));
    const response = await fetch(`${url}/buy`, { method: "POST", headers: { "x-user": "carol" } });
    expect(response.status).toBe(204);
    await client.flush();
    expect(batches).toEqual([
      expect.objectContaining({
        events: [
          expect.objectContaining({
            kind: "conversion",
            eventKey: "checkout-completed",
            contextKey: "carol",
            value: 42,
          }),
        ],
      }),
    ]);
  });

  it("serves the anonymous context, never a 500, when the context function throws", async () => {
    const client = bootstrappedClient();
    const errors: ContextResolutionError[] = [];
    const middleware = flagswitch(client, {
      context: () => {
        throw new Error("session store unreachable");
      },
      onError: (error) => errors.push(error),
    });
    const url = await listen(appWith(middleware));

    const response = await fetch(`${url}/flags?page=2`, { headers: { "x-user": "alice" } });

    expect(response.status).toBe(200);
    const body = (await response.json()) as FlagsBody;
    expect(body.context).toEqual(ANONYMOUS_CONTEXT);
    expect(body.checkout).toBe(false);
    expect(body.banner).toBe("Winter sale");
    expect(errors).toHaveLength(1);
    expect(errors[0]?.code).toBe("CONTEXT_RESOLUTION");
    expect(errors[0]?.message).toContain("GET /flags?page=2");
    expect(errors[0]?.message).toContain("session store unreachable");
  });

  it("awaits an asynchronous context function, and degrades when it rejects", async () => {
    const client = bootstrappedClient();
    const errors: ContextResolutionError[] = [];
    const middleware = flagswitch(client, {
      context: async (req) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        if (req.get("x-user") === "broken") throw new Error("token expired");
        return { key: req.get("x-user") ?? "nobody" };
      },
      onError: (error) => errors.push(error),
    });
    const url = await listen(appWith(middleware));

    const alice = await getFlags(url, "alice");
    const broken = await getFlags(url, "broken");

    expect(alice.checkout).toBe(true);
    expect(broken.context).toEqual(ANONYMOUS_CONTEXT);
    expect(errors.map((error) => error.message)).toEqual([
      expect.stringContaining("token expired"),
    ]);
  });

  it("degrades when the context function returns no object", async () => {
    const client = bootstrappedClient();
    const errors: ContextResolutionError[] = [];
    const middleware = flagswitch(client, {
      context: () => null as never,
      onError: (error) => errors.push(error),
    });
    const url = await listen(appWith(middleware));
    const body = await getFlags(url);
    expect(body.context).toEqual(ANONYMOUS_CONTEXT);
    expect(errors).toHaveLength(1);
  });

  it("uses the anonymous context without a context function", async () => {
    const client = bootstrappedClient();
    const url = await listen(appWith(flagswitch(client)));
    const body = await getFlags(url, "alice");
    expect(body.context).toEqual(ANONYMOUS_CONTEXT);
    expect(body.checkout).toBe(false);
  });
});
