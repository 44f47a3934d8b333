/**
 * A random UUID (v4) for `Idempotency-Key`. `crypto.randomUUID` exists only in secure contexts
 * (HTTPS or localhost), and a dashboard served over plain HTTP on a LAN address is not one, so
 * the UUID is built from `crypto.getRandomValues`, which works everywhere.
 */
export function newIdempotencyKey(
  random: Pick<Crypto, "getRandomValues"> = globalThis.crypto,
): string {
  const bytes = random.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
