/**
 * Every usable key, in memory, so authenticating an SDK poll never touches the database.
 * Reloaded after every key write on this replica and whenever the change feed says another
 * replica changed keys.
 */
import type { Kysely } from "kysely";
import type { Clock } from "../clock.js";
import { type ApiKeyWithScope, listUsableApiKeys } from "../db/repositories/api-keys.js";
import type { Database } from "../db/schema.js";
import { hashesEqual, parseKey } from "./api-key-format.js";
import type { Principal } from "./principal.js";
import type { Role } from "./roles.js";

export type KeyCheck =
  | { ok: true; principal: Principal }
  | { ok: false; reason: "malformed" | "unknown" | "expired" };

export class KeyRing {
  private keys = new Map<string, ApiKeyWithScope>();
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async reload(): Promise<void> {
    const rows = await listUsableApiKeys(this.db);
    this.keys = new Map(rows.map((row) => [row.id, row]));
    for (const listener of this.listeners) listener();
  }

  /** Called after every reload; returns the function that unsubscribes. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  check(presented: string): KeyCheck {
    const parsed = parseKey(presented);
    if (!parsed) return { ok: false, reason: "malformed" };
    const stored = this.keys.get(parsed.id);
    // Compare hashes even for an unknown id, so both paths cost the same.
    const matches = hashesEqual(parsed.hash, stored?.secret_hash ?? "0".repeat(64));
    if (!stored || !matches || (parsed.kind !== null && parsed.kind !== stored.kind)) {
      return { ok: false, reason: "unknown" };
    }
    if (stored.expires_at !== null && stored.expires_at <= this.clock.now().toISOString()) {
      return { ok: false, reason: "expired" };
    }
    return { ok: true, principal: toPrincipal(stored) };
  }

  /** Whether a key id still authenticates (open streams are closed when it stops). */
  isUsable(id: string): boolean {
    const stored = this.keys.get(id);
    return (
      stored !== undefined &&
      (stored.expires_at === null || stored.expires_at > this.clock.now().toISOString())
    );
  }
}

function toPrincipal(row: ApiKeyWithScope): Principal {
  if (row.kind === "admin") {
    return {
      kind: "admin",
      keyId: row.id,
      name: row.name,
      role: (row.role ?? "reader") as Role,
      projectId: row.project_id,
      projectKey: row.project_key,
    };
  }
  return {
    kind: row.kind === "client" ? "client" : "server",
    keyId: row.id,
    name: row.name,
    environmentId: row.environment_id ?? "",
  };
}
