/** Issuing and revoking keys: the secret is returned once, only its hash is stored, every change audited. */
import { type IssuedKey, issueKey, type KeyKind } from "../auth/api-key-format.js";
import type { Role } from "../auth/roles.js";
import {
  type ApiKeyWithScope,
  findApiKey,
  insertApiKey,
  revokeApiKey,
  setApiKeyExpiry,
} from "../db/repositories/api-keys.js";
import type { EnvironmentRow, ProjectRow } from "../db/schema.js";
import { presentApiKey } from "./presenters.js";
import type { WriteUnit } from "./write-unit.js";

export interface KeyRequest {
  kind: KeyKind;
  name: string;
  role?: Role | undefined;
  project?: ProjectRow | undefined;
  environment?: EnvironmentRow | undefined;
  /** An operator-chosen secret (FLAGSWITCH_ADMIN_TOKEN) instead of a random one. */
  issued?: IssuedKey | undefined;
}

export async function createApiKey(unit: WriteUnit, request: KeyRequest) {
  const issued = request.issued ?? issueKey(request.kind);
  await insertApiKey(unit.tx, {
    id: issued.id,
    kind: request.kind,
    name: request.name,
    role: request.kind === "admin" ? (request.role ?? "reader") : null,
    project_id: request.project?.id ?? null,
    environment_id: request.environment?.id ?? null,
    secret_hash: issued.hash,
    created_by: unit.meta.actor.id,
    created_at: unit.now,
    revoked_at: null,
    expires_at: null,
  });
  const stored = (await findApiKey(unit.tx, issued.id)) as ApiKeyWithScope;
  unit.keysChanged = true;
  const view = presentApiKey(stored);
  await unit.audit({
    action: "key.create",
    resourceType: "key",
    resourceKey: issued.id,
    projectKey: request.project?.key ?? null,
    environmentKey: request.environment?.key ?? null,
    before: null,
    after: view,
  });
  return { ...view, secret: issued.secret };
}

export async function revokeKey(unit: WriteUnit, key: ApiKeyWithScope, action = "key.revoke") {
  await revokeApiKey(unit.tx, key.id, unit.now);
  unit.keysChanged = true;
  const after = { ...key, revoked_at: unit.now };
  await unit.audit({
    action,
    resourceType: "key",
    resourceKey: key.id,
    projectKey: key.project_key,
    environmentKey: key.environment_key,
    before: presentApiKey(key),
    after: presentApiKey(after),
  });
  return presentApiKey(after);
}

export async function expireKeyLater(unit: WriteUnit, key: ApiKeyWithScope, expiresAt: string) {
  await setApiKeyExpiry(unit.tx, key.id, expiresAt);
  unit.keysChanged = true;
  await unit.audit({
    action: "key.expire",
    resourceType: "key",
    resourceKey: key.id,
    projectKey: key.project_key,
    environmentKey: key.environment_key,
    before: presentApiKey(key),
    after: presentApiKey({ ...key, expires_at: expiresAt }),
  });
}
