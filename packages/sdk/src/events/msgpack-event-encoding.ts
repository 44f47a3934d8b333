/**
 * MessagePack bodies (about a third smaller than JSON for event batches). In its own module so
 * the browser entry, which sends JSON, never bundles the encoder.
 */
import { encode } from "@msgpack/msgpack";
import type { EventEncoding } from "./event-encoding.js";

export const msgpackEventEncoding: EventEncoding = {
  contentType: "application/msgpack",
  encode: (batch) => encode(batch, { ignoreUndefined: true }),
};
