/**
 * A server must never start without a way in: with FLAGSWITCH_ADMIN_TOKEN that token is adopted
 * (headless deployments); otherwise, while no global admin token exists, one is created and
 * handed back to be printed once.
 */
import { adoptExternalToken } from "../auth/api-key-format.js";
import { SYSTEM_ACTOR } from "../auth/principal.js";
import { countUsableGlobalAdminTokens, findApiKey } from "../db/repositories/api-keys.js";
import type { Services } from "../services.js";
import { createApiKey } from "./key-writes.js";

export async function ensureAdminToken(services: Services): Promise<string | undefined> {
  const configured = services.config.adminToken;
  if (configured !== undefined) {
    const adopted = adoptExternalToken(configured);
    if (services.keyRing.check(configured).ok) return undefined;
    const existing = await findApiKey(services.db, adopted.id);
    if (existing) {
      services.logger.warn(
        "FLAGSWITCH_ADMIN_TOKEN names a token that was revoked; it is not restored",
      );
      return undefined;
    }
    await services.writer.run({ actor: SYSTEM_ACTOR, requestId: "startup" }, async (unit) => ({
      status: 201,
      body: await createApiKey(unit, {
        kind: "admin",
        name: "FLAGSWITCH_ADMIN_TOKEN",
        role: "admin",
        issued: adopted,
      }),
    }));
    return undefined;
  }
  if ((await countUsableGlobalAdminTokens(services.db)) > 0) return undefined;
  const created = await services.writer.run(
    { actor: SYSTEM_ACTOR, requestId: "startup" },
    async (unit) => ({
      status: 201,
      body: await createApiKey(unit, { kind: "admin", name: "first admin token", role: "admin" }),
    }),
  );
  return created.body.secret;
}
