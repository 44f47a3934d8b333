/**
 * @flagswitch/openfeature — OpenFeature providers for FlagSwitch. The root entry is the server
 * provider (`./server`); browsers import `@flagswitch/openfeature/web`.
 */
export {
  FlagSwitchProvider,
  type FlagSwitchProviderOptions,
  toFlagSwitchContext,
  toResolution,
} from "./server.js";
