/**
 * @flagswitch/openfeature/server — the FlagSwitch provider for `@openfeature/server-sdk`.
 */
export { toFlagSwitchContext } from "./map-context.js";
export { toResolution } from "./map-resolution.js";
export { FlagSwitchProvider, type FlagSwitchProviderOptions } from "./server-provider.js";
