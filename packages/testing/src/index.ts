/** Test helpers shared by the adapter packages' suites (never built: tests import the source). */
export { documentOf, servingFlag } from "./documents.js";
export { checkoutForAliceOnly, type FlagServer, startFlagServer } from "./flag-server.js";
export { createPushedSource, type PushedSource } from "./pushed-source.js";
