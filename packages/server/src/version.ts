/** The server's version, as its package.json says (kept in step by the release tooling). */
export const SERVER_VERSION = "0.1.0";
