/**
 * @flagswitch/sdk — feature flags evaluated in process. This entry is universal (Node, Deno,
 * browsers, workers: no Node built-ins); "@flagswitch/sdk/node" adds the file source and the
 * file cache, "@flagswitch/sdk/browser" the client-side mode for browsers.
 */

export type {
  EvaluationContext,
  EvaluationReason,
  EvaluationResult,
  FlagDocument,
  JsonValue,
} from "@flagswitch/core";
export { type ClientOptions, createClient, type EventOptions } from "./client.js";
export type {
  ClientEvents,
  ClientLifecycle,
  ClientStatus,
  FlagClient,
  ReadyOptions,
  Unsubscribe,
} from "./client-types.js";
export type { DocumentCache } from "./document-cache.js";
export {
  AuthenticationError,
  CacheError,
  EventDeliveryError,
  FlagSwitchError,
  InvalidDocumentError,
  NetworkError,
} from "./errors.js";
export {
  type BeaconFunction,
  browserPageHide,
  type ConversionEvent,
  type ConversionInput,
  createEventRecorder,
  createHttpEventSink,
  DEFAULT_SDK_IDENTITY,
  type EventBatch,
  type EventEncoding,
  type EventRecorder,
  type EventRecorderOptions,
  type EventSink,
  type ExposureEvent,
  type ExposureInput,
  type HttpEventSinkOptions,
  isRetryable,
  jsonEventEncoding,
  msgpackEventEncoding,
  newBatchId,
  type PageHideSource,
  type SdkEvent,
  type SdkIdentity,
} from "./events/index.js";
export type { FetchFunction } from "./http.js";
export { createLocalStorageCache } from "./local-storage-cache.js";
export { consoleLogger, type Logger, silentLogger } from "./logger.js";
export { type Cancel, type Scheduler, systemScheduler } from "./scheduler.js";
export type { Source, SourceEnvironment, SourceSink } from "./source.js";
export { createBootstrapSource } from "./sources/bootstrap.js";
export { createPollingSource, type PollingOptions } from "./sources/polling.js";
export { createStreamingSource, type StreamingOptions } from "./sources/streaming.js";
