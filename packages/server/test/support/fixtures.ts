/** Common starting points: a project with environments, flags, a segment and SDK keys. */
import type { TestServer } from "./test-server.js";

export interface ShopFixture {
  serverKey: string;
  clientKey: string;
  serverKeyId: string;
  clientKeyId: string;
}

export const PROD = "/api/v1/projects/shop/environments/production";

/** Project "shop" (development, staging, production), flag "checkout" (boolean, client-side), keys for production. */
export async function createShop(t: Pick<TestServer, "ok">): Promise<ShopFixture> {
  await t.ok("POST", "/api/v1/projects", { key: "shop", name: "Shop" });
  await t.ok("POST", "/api/v1/projects/shop/flags", { key: "checkout", clientSide: true });
  const server = await t.ok("POST", "/api/v1/keys", {
    kind: "server",
    name: "backend",
    project: "shop",
    environment: "production",
  });
  const client = await t.ok("POST", "/api/v1/keys", {
    kind: "client",
    name: "web",
    project: "shop",
    environment: "production",
  });
  return {
    serverKey: server.secret,
    clientKey: client.secret,
    serverKeyId: server.id,
    clientKeyId: client.id,
  };
}

export async function createToken(
  t: TestServer,
  role: "reader" | "writer" | "admin",
  project?: string,
): Promise<string> {
  const created = await t.ok("POST", "/api/v1/keys", {
    kind: "admin",
    name: `${role}${project ? `@${project}` : ""}`,
    role,
    ...(project ? { project } : {}),
  });
  return created.secret;
}
