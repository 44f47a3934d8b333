/** The `flagswitch` CLI against a real server: flags, audit, rollback, keys, `--json`, errors, and `serve`. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli/main.js";
import { databases, type FreshDatabase } from "./support/databases.js";
import { createShop } from "./support/fixtures.js";
import { type Json, startTestServer, type TestServer } from "./support/test-server.js";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(argv: string[], env: Record<string, string | undefined>): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env,
  });
  return { code, stdout, stderr };
}

async function json(response: Promise<Response>): Promise<Json> {
  return (await response).json();
}

function databaseUrlOf(database: FreshDatabase): string | undefined {
  const { databaseUrl, postgresSchema } = database.overrides;
  if (!databaseUrl) return undefined;
  const separator = databaseUrl.includes("?") ? "&" : "?";
  return `${databaseUrl}${separator}options=${encodeURIComponent(`-c search_path=${postgresSchema}`)}`;
}

describe.each(databases)("flagswitch CLI on $name", (database) => {
  let t: TestServer;
  let env: Record<string, string>;
  beforeAll(async () => {
    t = await startTestServer(database);
    await createShop(t);
    env = { FLAGSWITCH_URL: t.url, FLAGSWITCH_TOKEN: t.adminToken, FLAGSWITCH_PROJECT: "shop" };
  });
  afterAll(async () => t?.close());

  it("prints help, and refuses unknown commands with exit code 2", async () => {
    const help = await cli(["--help"], env);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("flags list|get|create|toggle|rollout");
    const unknown = await cli(["fly"], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "fly"');
  });

  it("creates, lists, gets, toggles and rolls out flags", async () => {
    const created = await cli(
      ["flags", "create", "dark-mode", "--name", "Dark mode", "--tags", "ui,beta", "--client-side"],
      env,
    );
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain('created flag "dark-mode"');
    const toggled = await cli(
      ["flags", "toggle", "dark-mode", "--env", "production", "--on", "--comment", "ship it"],
      env,
    );
    expect(toggled.stdout).toMatch(/dark-mode is now ON in production \(version \d+\)/);
    const rollout = await cli(["flags", "rollout", "dark-mode", "25", "--env", "production"], env);
    expect(rollout.stdout).toContain("on 25 %, off 75 %");
    const list = await cli(["flags", "list"], env);
    expect(list.stdout).toMatch(/KEY\s+NAME\s+DEVELOPMENT\s+STAGING\s+PRODUCTION/);
    expect(list.stdout).toMatch(/dark-mode\s+Dark mode\s+off\s+off\s+on/);
    const json = JSON.parse((await cli(["flags", "list", "--json"], env)).stdout);
    expect(json.items.map((flag: { key: string }) => flag.key)).toContain("dark-mode");
    const get = await cli(["flags", "get", "dark-mode", "--env", "production"], env);
    expect(get.stdout).toContain("dark-mode in production: ON");
    expect(get.stdout).toContain("default:     on 25 %, off 75 %");
    const getJson = JSON.parse(
      (await cli(["flags", "get", "dark-mode", "--env", "production", "--json"], env)).stdout,
    );
    expect(getJson.fallthrough).toEqual({ rollout: { weights: [25000, 75000] } });
    const summary = await cli(["flags", "get", "dark-mode"], env);
    expect(summary.stdout).toMatch(/production\s+on/);
  });

  it("reads the audit log and rolls a flag back", async () => {
    const audit = await cli(["audit", "--flag", "dark-mode"], env);
    expect(audit.code).toBe(0);
    expect(audit.stdout).toContain("flag.rollout");
    expect(audit.stdout).toContain("ship it");
    const entries = JSON.parse(
      (await cli(["audit", "--flag", "dark-mode", "--action", "flag.toggle", "--json"], env))
        .stdout,
    ).items;
    expect(entries).toHaveLength(1);
    const toggledVersion = entries[0].after.version;
    const rollback = await cli(
      [
        "rollback",
        "dark-mode",
        "--to",
        String(toggledVersion),
        "--env",
        "production",
        "--comment",
        "too fast",
      ],
      env,
    );
    expect(rollback.code, rollback.stderr).toBe(0);
    expect(rollback.stdout).toContain(`restored to version ${toggledVersion}`);
    const config = JSON.parse(
      (await cli(["flags", "get", "dark-mode", "--env", "production", "--json"], env)).stdout,
    );
    expect(config.fallthrough).toEqual({ variation: 0 });
  });

  it("creates, lists and revokes keys, printing a secret once", async () => {
    const created = await cli(
      ["keys", "create", "--kind", "server", "--name", "ci", "--env", "staging"],
      env,
    );
    expect(created.code, created.stderr).toBe(0);
    const secret = created.stdout.trim().split("\n").at(-1) as string;
    expect(secret).toMatch(/^fs_server_/);
    expect((await t.request("GET", "/sdk/v1/flags", { token: secret })).status).toBe(200);
    const id = secret.split("_")[2] as string;
    const list = await cli(["keys", "list", "--kind", "server"], env);
    expect(list.stdout).toContain(id);
    expect(list.stdout).not.toContain(secret);
    const revoked = await cli(["keys", "revoke", id], env);
    expect(revoked.stdout).toContain(`revoked server key ${id}`);
    expect((await t.request("GET", "/sdk/v1/flags", { token: secret })).status).toBe(401);
    const admin = JSON.parse(
      (
        await cli(
          ["keys", "create", "--kind", "admin", "--name", "bot", "--role", "reader", "--json"],
          env,
        )
      ).stdout,
    );
    expect(admin).toMatchObject({
      kind: "admin",
      role: "reader",
      secret: expect.stringMatching(/^fs_admin_/),
    });
  });

  it("reports API problems and usage errors readably", async () => {
    const wrongToken = await cli(["flags", "list"], {
      ...env,
      FLAGSWITCH_TOKEN: "fs_admin_0000000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    });
    expect(wrongToken.code).toBe(1);
    expect(wrongToken.stderr).toContain("error 401");
    const invalid = await cli(["flags", "rollout", "dark-mode", "250", "--env", "production"], env);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain("percentage:");
    const missing = await cli(["flags", "toggle", "dark-mode"], { ...env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("missing --env");
    const noToken = await cli(["flags", "list"], { FLAGSWITCH_URL: t.url });
    expect(noToken.code).toBe(2);
    const unreachable = await cli(["flags", "list", "--url", "http://127.0.0.1:1"], env);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain("cannot reach");
  });
});

describe.each(databases)("flagswitch serve on $name", (kind) => {
  let database: FreshDatabase;
  beforeAll(async () => {
    database = await kind.create();
  });
  afterAll(async () => database?.drop());

  async function serve(): Promise<{ output: string; url: string; stop: () => Promise<number> }> {
    const controller = new AbortController();
    let output = "";
    let resolveUrl: (url: string) => void = () => undefined;
    const listening = new Promise<string>((resolve) => {
      resolveUrl = resolve;
    });
    const url = databaseUrlOf(database);
    const done = runCli(
      [
        "serve",
        "--port",
        "0",
        "--data-dir",
        database.dataDir,
        "--seed-demo",
        ...(url ? ["--database-url", url] : []),
      ],
      {
        stdout: (text) => (output += text),
        stderr: (text) => (output += text),
        // Another package builds a dashboard into the repository; this test wants the placeholder.
        env: {
          FLAGSWITCH_LOG_LEVEL: "silent",
          FLAGSWITCH_DASHBOARD_DIR: `${database.dataDir}/no-dashboard`,
        },
        signal: controller.signal,
        onListening: resolveUrl,
      },
    );
    const base = await Promise.race([
      listening,
      done.then((code) => Promise.reject(new Error(`serve exited ${code}: ${output}`))),
    ]);
    return {
      output,
      url: base,
      stop: () => {
        controller.abort();
        return done;
      },
    };
  }

  it("migrates, seeds the demo once, prints working keys, and prints them again on restart", async () => {
    const first = await serve();
    const line = (label: string) =>
      new RegExp(`^ +${label} +(\\S+)$`, "m").exec(first.output)?.[1] as string;
    expect(first.output).toContain('Demo project "demo" (created now)');
    // The first admin token doubles as the demo's: printed once, in the demo block.
    expect(first.output).not.toContain("First admin token");
    const admin = line("admin token");
    const server = line("server SDK key");
    const client = line("client-side key");
    const document = await json(
      fetch(`${first.url}/sdk/v1/flags`, { headers: { authorization: server } }),
    );
    expect(Object.keys(document.flags).sort()).toEqual([
      "beta-banner",
      "checkout-button",
      "new-checkout",
      "search-v2",
    ]);
    expect(document.flags["search-v2"].fallthrough).toEqual({
      rollout: { weights: [25000, 75000] },
    });
    expect(document.flags["checkout-button"].experiment).toEqual({
      key: "checkout-button-test",
      running: true,
    });
    expect(document.segments["beta-testers"].included).toEqual(["user-1", "user-2"]);
    const evaluated = await json(
      fetch(`${first.url}/sdk/v1/evaluate`, {
        method: "POST",
        headers: { authorization: client, "content-type": "application/json" },
        body: JSON.stringify({ context: { key: "user-1" } }),
      }),
    );
    expect(evaluated.flags["beta-banner"]).toMatchObject({
      value: true,
      reason: { kind: "RULE_MATCH" },
    });
    const flags = await json(
      fetch(`${first.url}/api/v1/projects/demo/flags`, {
        headers: { authorization: `Bearer ${admin}` },
      }),
    );
    expect(flags.items).toHaveLength(4);
    const home = await fetch(`${first.url}/`);
    expect(await home.text()).toContain("dashboard is not built");
    expect(await first.stop()).toBe(0);

    const second = await serve();
    expect(second.output).toContain('Demo project "demo" (already there)');
    expect(second.output).not.toContain("First admin token");
    expect(second.output).toContain(admin);
    expect(second.output).toContain(server);
    const again = await json(
      fetch(`${second.url}/api/v1/projects/demo/flags`, {
        headers: { authorization: `Bearer ${admin}` },
      }),
    );
    expect(again.items).toHaveLength(4);
    const projects = await json(
      fetch(`${second.url}/api/v1/projects`, {
        headers: { authorization: `Bearer ${admin}` },
      }),
    );
    expect(projects.items).toHaveLength(1);
    expect(await second.stop()).toBe(0);
  });
});
