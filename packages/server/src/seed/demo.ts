/**
 * The demo project `npm start` shows a newcomer: a boolean flag, a 25 % rollout, a flag aimed at
 * a segment, and an A/B/C experiment — created through the admin API itself, so it is validated
 * and audited like any other change. Only an empty database is seeded, and seeding twice changes
 * nothing. The demo's credentials are kept in <data dir>/demo-credentials.json (mode 0600) so that
 * every `npm start` can print them: a convenience for local trials, not for production.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { SYSTEM_ACTOR } from "../auth/principal.js";
import { findProjectByKey } from "../db/repositories/projects.js";
import { createApiKey } from "../domain/key-writes.js";
import type { FlagSwitchServer } from "../server.js";

export const DEMO_PROJECT = "demo";
export const DEMO_ENVIRONMENT = "production";

export interface DemoCredentials {
  project: string;
  environment: string;
  adminToken: string;
  serverKey: string;
  clientKey: string;
}

export type SeedOutcome =
  | { seeded: boolean; credentials: DemoCredentials }
  | { seeded: false; credentials: undefined; reason: string };

export async function seedDemo(server: FlagSwitchServer): Promise<SeedOutcome> {
  const { services } = server;
  const file = join(services.config.dataDir, "demo-credentials.json");
  const project = await findProjectByKey(services.db, DEMO_PROJECT);
  if (!project) {
    const anyProject = await services.db
      .selectFrom("projects")
      .select("id")
      .limit(1)
      .executeTakeFirst();
    if (anyProject)
      return {
        seeded: false,
        credentials: undefined,
        reason: "the database already holds projects; the demo seeds only an empty one",
      };
  }
  const saved = readCredentials(file);
  if (project && saved && credentialsWork(server, saved))
    return { seeded: false, credentials: saved };

  // On a first start the first admin token serves as the demo's: one token to keep, not two.
  const firstToken = server.firstAdminToken;
  const adminToken =
    firstToken !== undefined && !project ? firstToken : await issueDemoAdminToken(server);
  const api = apiClient(server.app, adminToken);
  if (!project) await createDemoContent(api);
  const serverKey = await api("POST", "/api/v1/keys", {
    kind: "server",
    name: "demo server key",
    project: DEMO_PROJECT,
    environment: DEMO_ENVIRONMENT,
  });
  const clientKey = await api("POST", "/api/v1/keys", {
    kind: "client",
    name: "demo client key",
    project: DEMO_PROJECT,
    environment: DEMO_ENVIRONMENT,
  });
  const credentials: DemoCredentials = {
    project: DEMO_PROJECT,
    environment: DEMO_ENVIRONMENT,
    adminToken,
    serverKey: (serverKey as { secret: string }).secret,
    clientKey: (clientKey as { secret: string }).secret,
  };
  writeFileSync(file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  return { seeded: !project, credentials };
}

async function createDemoContent(api: ApiCall): Promise<void> {
  const project = `/api/v1/projects/${DEMO_PROJECT}`;
  await api("POST", "/api/v1/projects", {
    key: DEMO_PROJECT,
    name: "Demo shop",
    description: "Seeded by `flagswitch serve --seed-demo`",
    comment: "demo seed",
  });
  const environments = ["development", "staging", "production"];
  const inEnvironment = (environment: string, flag: string) =>
    `${project}/environments/${environment}/flags/${flag}`;

  await api("POST", `${project}/flags`, {
    key: "new-checkout",
    name: "New checkout",
    description: "A plain on/off switch",
    tags: ["checkout"],
    clientSide: true,
  });
  await api("POST", `${project}/flags`, {
    key: "search-v2",
    name: "Search v2",
    description: "Rolled out to 25 % of users",
    tags: ["search"],
  });
  await api("POST", `${project}/flags`, {
    key: "beta-banner",
    name: "Beta banner",
    description: "Shown to the beta-testers segment",
    clientSide: true,
  });
  await api("POST", `${project}/flags`, {
    key: "checkout-button",
    name: "Checkout button colour",
    description: "A/B/C experiment on the checkout button",
    clientSide: true,
    variations: [
      { key: "control", value: "grey", name: "A (control)" },
      { key: "blue", value: "blue", name: "B" },
      { key: "green", value: "green", name: "C" },
    ],
    offVariation: 0,
  });
  for (const environment of environments) {
    await api("POST", `${project}/environments/${environment}/segments`, {
      key: "beta-testers",
      name: "Beta testers",
      included: ["user-1", "user-2"],
      rules: [{ clauses: [{ attribute: "email", op: "endsWith", values: ["@example.com"] }] }],
    });
    await api("POST", `${inEnvironment(environment, "new-checkout")}/toggle`, {
      enabled: environment !== "production",
    });
    await api("POST", `${inEnvironment(environment, "search-v2")}/rollout`, { percentage: 25 });
    await api("POST", `${inEnvironment(environment, "search-v2")}/toggle`, { enabled: true });
    await api("PATCH", inEnvironment(environment, "beta-banner"), {
      enabled: true,
      rules: [
        {
          id: "beta-testers",
          clauses: [{ attribute: "key", op: "inSegment", values: ["beta-testers"] }],
          serve: { variation: 0 },
        },
      ],
      fallthrough: { variation: 1 },
    });
    await api("POST", `${inEnvironment(environment, "checkout-button")}/rollout`, {
      split: { control: 34, blue: 33, green: 33 },
    });
  }
  await api("POST", `${inEnvironment("production", "checkout-button")}/toggle`, { enabled: true });
  await api("POST", `${project}/experiments`, {
    key: "checkout-button-test",
    flag: "checkout-button",
    environment: "production",
    name: "Checkout button colour",
    hypothesis: "A coloured checkout button raises checkout completion",
    // Starting needs a primary metric (issue 6); the control is the first variation.
    controlVariation: "control",
    primaryMetric: { eventKey: "checkout-completed", kind: "binomial" },
  });
  await api("POST", `${project}/experiments/checkout-button-test/start`, { comment: "demo seed" });
}

async function issueDemoAdminToken(server: FlagSwitchServer): Promise<string> {
  const created = await server.services.writer.run(
    { actor: SYSTEM_ACTOR, requestId: "demo-seed" },
    async (unit) => ({
      status: 201,
      body: await createApiKey(unit, { kind: "admin", name: "demo admin token", role: "admin" }),
    }),
  );
  return created.body.secret;
}

type ApiCall = (method: "POST" | "PATCH", url: string, body: unknown) => Promise<unknown>;

function apiClient(app: FastifyInstance, token: string): ApiCall {
  return async (method, url, body) => {
    const response = await app.inject({
      method,
      url,
      payload: body as object,
      headers: { authorization: `Bearer ${token}`, "x-request-id": "demo-seed" },
    });
    if (response.statusCode >= 300)
      throw new Error(
        `demo seed: ${method} ${url} answered ${response.statusCode}: ${response.body}`,
      );
    return response.json();
  };
}

function readCredentials(file: string): DemoCredentials | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, "utf8")) as DemoCredentials;
  } catch {
    return undefined;
  }
}

function credentialsWork(server: FlagSwitchServer, credentials: DemoCredentials): boolean {
  const ring = server.services.keyRing;
  return [credentials.adminToken, credentials.serverKey, credentials.clientKey].every(
    (key) => typeof key === "string" && ring.check(key).ok,
  );
}
