/**
 * @flagswitch/sdk/browser — the client-side entry: values evaluated by the server for one
 * context (rules never reach the browser), cached in localStorage, refreshed by polling,
 * with exposure and conversion events delivered in batches and by sendBeacon on page hide.
 * No rules engine and no Node built-ins: this entry stays under 10 KB minified and gzipped.
 */
export {
  type BrowserClientOptions,
  type BrowserEventOptions,
  createBrowserClient,
} from "./browser-client/browser-client.js";
export type { EvaluatedFlag, EvaluatedFlags } from "./browser-client/evaluated-flags.js";
export type { StorageLike } from "./browser-client/evaluation-cache.js";
export type { PageShownSource } from "./browser-client/page-shown.js";
export type {
  BrowserClient,
  ClientEvents,
  ClientStatus,
  ReadyOptions,
  Unsubscribe,
} from "./client-types.js";
export {
  AuthenticationError,
  CacheError,
  EventDeliveryError,
  FlagSwitchError,
  InvalidDocumentError,
  NetworkError,
} from "./errors.js";
export type { EventSink } from "./events/event-sink.js";
export type { EventBatch, SdkEvent } from "./events/event-types.js";
export { createHttpEventSink, type HttpEventSinkOptions } from "./events/http-event-sink.js";
export type { PageHideSource } from "./events/page-hide.js";
export type { Logger } from "./logger.js";
