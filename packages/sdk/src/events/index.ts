/** Experiment events: the recorder the clients feed, the sink interface and the HTTP sink. */
export { newBatchId } from "./batch-id.js";
export { type EventEncoding, jsonEventEncoding } from "./event-encoding.js";
export {
  createEventRecorder,
  DEFAULT_SDK_IDENTITY,
  type EventRecorderOptions,
} from "./event-recorder.js";
export { type EventSink, isRetryable } from "./event-sink.js";
export type {
  ConversionEvent,
  ConversionInput,
  EventBatch,
  EventRecorder,
  ExposureEvent,
  ExposureInput,
  SdkEvent,
  SdkIdentity,
} from "./event-types.js";
export {
  type BeaconFunction,
  createHttpEventSink,
  type HttpEventSinkOptions,
} from "./http-event-sink.js";
export { msgpackEventEncoding } from "./msgpack-event-encoding.js";
export { browserPageHide, type PageHideSource } from "./page-hide.js";
