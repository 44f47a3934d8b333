import type { AddressInfo } from "node:net";
import { createClient, type FlagClient } from "@flagswitch/sdk";
import { type FlagServer, startFlagServer } from "@flagswitch/testing";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { flagswitch } from "../src/index.js";

describe("flagswitch() over the SDK's client and a real server", () => {
  let server: FlagServer;
  let client: FlagClient;
  let appUrl: string;
  let close: () => void;
  beforeAll(async () => {
    server = await startFlagServer();
    client = createClient({ sdkKey: server.serverKey, baseUrl: server.url, events: false });
    await client.ready({ timeoutMs: 5_000 });
    const app = express();
    app.use(flagswitch(client, { context: (req) => ({ key: req.get("x-user") ?? "nobody" }) }));
    app.get("/checkout", (req, res) => {
      res.send(req.flags.bool("checkout", false) ? "new checkout" : "classic checkout");
    });
    const listening = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => listening.once("listening", resolve));
    appUrl = `http://127.0.0.1:${(listening.address() as AddressInfo).port}`;
    close = () => listening.close();
  });
  afterAll(async () => {
    close?.();
    await client?.close();
    await server?.close();
  });

  it("answers with the server's flag, and follows a toggle", async () => {
    const page = async () =>
      (await fetch(`${appUrl}/checkout`, { headers: { "x-user": "u1" } })).text();
    expect(client.status).toBe("ready");
    expect(await page()).toBe("classic checkout");

    await server.toggleCheckout(true);

    await expect.poll(page, { timeout: 5_000 }).toBe("new checkout");
  });
});
