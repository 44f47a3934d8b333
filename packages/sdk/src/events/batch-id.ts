/**
 * A random batch id (a UUID where the platform offers one). Web Crypto's `randomUUID` exists
 * only in secure contexts, so plain-http pages fall back to `getRandomValues`, and anything
 * without Web Crypto to Math.random plus the clock (ids only need to be unique per environment).
 */
interface WebCrypto {
  randomUUID?: () => string;
  getRandomValues?: (array: Uint8Array) => Uint8Array;
}

export function newBatchId(): string {
  const crypto = (globalThis as { crypto?: WebCrypto }).crypto;
  if (typeof crypto?.randomUUID === "function") return crypto.randomUUID();
  const bytes = new Uint8Array(16);
  if (typeof crypto?.getRandomValues === "function") crypto.getRandomValues(bytes);
  else for (let i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
  let hex = "";
  for (const byte of bytes) hex += byte.toString(16).padStart(2, "0");
  return `${hex}-${Date.now().toString(36)}`;
}
