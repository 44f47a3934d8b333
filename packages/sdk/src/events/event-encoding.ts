/** How a batch becomes a request body. JSON is the default and what every server accepts. */
import type { EventBatch } from "./event-types.js";

export interface EventEncoding {
  readonly contentType: string;
  encode(batch: EventBatch): string | Uint8Array<ArrayBuffer>;
}

export const jsonEventEncoding: EventEncoding = {
  contentType: "application/json",
  encode: (batch) => JSON.stringify(batch),
};
