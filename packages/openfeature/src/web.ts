/**
 * @flagswitch/openfeature/web — the FlagSwitch provider for `@openfeature/web-sdk`, over the
 * browser client (values evaluated by the server for one context).
 */
export { toFlagSwitchContext } from "./map-context.js";
export { toResolution } from "./map-resolution.js";
export { FlagSwitchWebProvider } from "./web-provider.js";
