/**
 * The format of every credential FlagSwitch issues: `fs_<kind>_<id>_<secret>`.
 * The id is public (it names the key in lists and the audit log, and finds the stored hash);
 * the secret is 32 random bytes. Only the SHA-256 of the whole key is stored, compared in
 * constant time. A headless deployment may also set its first admin token to any string of
 * 24+ characters (FLAGSWITCH_ADMIN_TOKEN); such a token's id is derived from its hash.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

export type KeyKind = "admin" | "server" | "client";
export const KEY_KINDS: readonly KeyKind[] = ["admin", "server", "client"];

const FORMAT = /^fs_(admin|server|client)_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;
export const MIN_EXTERNAL_TOKEN_LENGTH = 24;

export interface IssuedKey {
  id: string;
  kind: KeyKind;
  /** The whole key: shown once, never stored. */
  secret: string;
  hash: string;
}

export function issueKey(kind: KeyKind): IssuedKey {
  const id = randomBytes(8).toString("hex");
  const secret = `fs_${kind}_${id}_${randomBytes(32).toString("base64url")}`;
  return { id, kind, secret, hash: hashKey(secret) };
}

/** Adopts an operator-chosen admin token (FLAGSWITCH_ADMIN_TOKEN). */
export function adoptExternalToken(token: string): IssuedKey {
  const parsed = parseKey(token);
  if (parsed?.kind === "admin")
    return { id: parsed.id, kind: "admin", secret: token, hash: hashKey(token) };
  return { id: externalId(token), kind: "admin", secret: token, hash: hashKey(token) };
}

export interface PresentedKey {
  id: string;
  /** The kind the key claims; external tokens claim nothing (only admin ones exist). */
  kind: KeyKind | null;
  hash: string;
}

/** Reads a presented credential; `null` when it cannot be any key we issue or adopt. */
export function parseKey(presented: string): PresentedKey | null {
  const match = FORMAT.exec(presented);
  if (match) {
    return { kind: match[1] as KeyKind, id: match[2] as string, hash: hashKey(presented) };
  }
  if (presented.length >= MIN_EXTERNAL_TOKEN_LENGTH && presented.length <= 512) {
    return { kind: null, id: externalId(presented), hash: hashKey(presented) };
  }
  return null;
}

export function hashKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/** Constant-time comparison of two hex SHA-256 digests. */
export function hashesEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, "hex");
  const right = Buffer.from(b, "hex");
  return left.length === 32 && right.length === 32 && timingSafeEqual(left, right);
}

function externalId(token: string): string {
  return `x${hashKey(`id:${token}`).slice(0, 15)}`;
}
