import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import type { Flag } from "@flagswitch/core";
import { createClient, type FlagClient } from "@flagswitch/sdk";
import { documentOf, servingFlag } from "@flagswitch/testing";
import express5, { type Express, type Request, type RequestHandler } from "express";
import express4 from "express4";
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

/**
 * The peer range is `^4 || ^5`: every test runs against both majors, installed as `express`
 * (5) and `express4`, each named with the package whose version the first test checks.
 */
const expressMajors: {
  label: string;
  packageName: string;
  major: string;
  express: () => Express;
}[] = [
  { label: "express 5", packageName: "express", major: "5", express: express5 },
  // @types/express 4 and 5 type the same app differently (route paths, `app.get`); the handlers
  // below use only what both majors share, so the 4 app stands in for the 5 type.
  {
    label: "express 4",
    packageName: "express4",
    major: "4",
    express: express4 as unknown as () => Express,
  },
];

function appWith(express: () => Express, middleware: RequestHandler): Express {
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

const userFromHeader = (req: Request) => ({ key: req.get("x-user") ?? "nobody" });

describe.each(expressMajors)(
  "flagswitch() middleware on $label",
  ({ packageName, major, express }) => {
    it("runs on the express major it is named for", () => {
      const { version } = createRequire(import.meta.url)(`${packageName}/package.json`) as {
        version: string;
      };
      expect(version.split(".")[0]).toBe(major);
    });

    it("binds req.flags to the request's context", async () => {
      const client = bootstrappedClient();
      const url = await listen(appWith(express, flagswitch(client, { context: userFromHeader })));

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
      const url = await listen(appWith(express, flagswitch(client, { context: userFromHeader })));
      const response = await fetch(`${url}/buy`, {
        method: "POST",
        headers: { "x-user": "carol" },
      });
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
      const url = await listen(appWith(express, middleware));

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
      const url = await listen(appWith(express, middleware));

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
      const url = await listen(appWith(express, middleware));
      const body = await getFlags(url);
      expect(body.context).toEqual(ANONYMOUS_CONTEXT);
      expect(errors).toHaveLength(1);
    });

    it("uses the anonymous context without a context function", async () => {
      const client = bootstrappedClient();
      const url = await listen(appWith(express, flagswitch(client)));
      const body = await getFlags(url, "alice");
      expect(body.context).toEqual(ANONYMOUS_CONTEXT);
      expect(body.checkout).toBe(false);
    });
  },
);
