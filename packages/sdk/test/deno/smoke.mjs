/**
 * Run by test/deno.test.ts under Deno: the built universal entry (dist/index.js, as an npm user
 * gets it) against the test's flag server. Prints one JSON line when ready, waits for the test to
 * publish a new document over the stream, prints a second line, closes the client and then simply
 * returns: Deno must exit on its own, which proves nothing the client started keeps it alive.
 */
import { createClient, silentLogger } from "../../dist/index.js";

const [baseUrl] = Deno.args;
if (!baseUrl) throw new Error("smoke.mjs: pass the flag server's URL as the first argument");

const user = { key: "user-1" };
const errors = [];
const client = createClient({ sdkKey: "test-key", baseUrl, logger: silentLogger });
client.on("error", (error) => errors.push(`${error.code}: ${error.message}`));

const status = await client.ready({ timeoutMs: 5_000 });
console.log(
  JSON.stringify({
    phase: "ready",
    status,
    banner: client.stringVariation("banner", user, "default"),
    checkout: client.boolVariation("checkout", user, false),
    missing: client.variationDetail("missing", user, "fallback"),
  }),
);

// The test publishes version 2 once it has read the line above; it arrives as an SSE `put`.
// (The first document's own "change" may still be queued from start-up: wait for the new value.)
const changed = new Promise((resolve) =>
  client.on("change", (flagKeys) => {
    if (client.stringVariation("banner", user, "default") === "two") resolve(flagKeys);
  }),
);
let giveUp;
const changedKeys = await Promise.race([
  changed,
  new Promise((resolve) => {
    giveUp = setTimeout(() => resolve(null), 5_000);
  }),
]);
clearTimeout(giveUp);
console.log(
  JSON.stringify({
    phase: "changed",
    changedKeys,
    banner: client.stringVariation("banner", user, "default"),
    errors,
  }),
);
await client.close();
