/**
 * The default sink: `POST {baseUrl}/sdk/v1/events` with the SDK key in `Authorization`, and in
 * browsers `navigator.sendBeacon` to the same URL with the (client-side) key as `?key=` and a
 * text/plain JSON body, the only shape a beacon can carry.
 */
import { authorization, Endpoints } from "../endpoints.js";
import { NetworkError } from "../errors.js";
import { type FetchFunction, fetchWithTimeout, globalFetch, type TimedResponse } from "../http.js";
import { type Scheduler, systemScheduler } from "../scheduler.js";
import { type EventEncoding, jsonEventEncoding } from "./event-encoding.js";
import type { EventSink } from "./event-sink.js";
import type { EventBatch } from "./event-types.js";
import { describeRefusal } from "./problem-detail.js";

/** `navigator.sendBeacon`'s shape: queues a POST, returns whether it was accepted. */
export type BeaconFunction = (url: string, body: string) => boolean;

export interface HttpEventSinkOptions {
  /** A server-side or client-side SDK key. */
  sdkKey: string;
  /** One base URL, or several for failover. */
  baseUrl: string | readonly string[];
  /** Default JSON; `msgpackEventEncoding` sends MessagePack, which the FlagSwitch server reads too. */
  encoding?: EventEncoding;
  fetch?: FetchFunction;
  /** Default 10,000 ms. */
  requestTimeoutMs?: number;
  scheduler?: Scheduler;
  /** Default: `navigator.sendBeacon` when the platform has it; `null` never beacons. */
  beacon?: BeaconFunction | null;
}

const EVENTS_PATH = "/sdk/v1/events";
/** Server-side and admin keys, as the server issues them (`fs_<kind>_<id>_<secret>`). */
const SECRET_KEY = /^(bearer\s+)?fs_(server|admin)_/i;

/** @example createHttpEventSink({ sdkKey: "srv-…", baseUrl: "https://flags.example.com" }) */
export function createHttpEventSink(options: HttpEventSinkOptions): EventSink {
  const endpoints = new Endpoints(options.baseUrl);
  const encoding = options.encoding ?? jsonEventEncoding;
  const fetchFn = options.fetch ?? globalFetch;
  const scheduler = options.scheduler ?? systemScheduler;
  const timeoutMs = options.requestTimeoutMs ?? 10_000;

  return {
    name: endpoints.url(EVENTS_PATH),
    async send(batch: EventBatch): Promise<void> {
      const url = endpoints.url(EVENTS_PATH);
      let timed: TimedResponse;
      try {
        timed = await fetchWithTimeout(
          fetchFn,
          url,
          {
            method: "POST",
            headers: {
              authorization: authorization(options.sdkKey),
              "content-type": encoding.contentType,
            },
            body: encoding.encode(batch),
          },
          timeoutMs,
          scheduler,
        );
      } catch (error) {
        endpoints.failed();
        throw error;
      }
      const { status } = timed.response;
      if (timed.response.ok) {
        timed.release();
        return;
      }
      if (status >= 500) endpoints.failed();
      throw new NetworkError(url, await describeRefusal(timed), status);
    },
    sendBeacon(batch: EventBatch): boolean {
      const beacon = options.beacon === undefined ? navigatorBeacon() : options.beacon;
      // A key in a URL ends up in logs: only the public client-side kind may travel that way
      // (the server refuses the others there), so their events wait for the next fetch.
      if (!beacon || SECRET_KEY.test(options.sdkKey)) return false;
      const url = `${endpoints.url(EVENTS_PATH)}?key=${encodeURIComponent(options.sdkKey)}`;
      try {
        return beacon(url, JSON.stringify(batch));
      } catch {
        return false;
      }
    },
  };
}

/** `navigator.sendBeacon` bound to navigator, looked up now (undefined outside browsers). */
function navigatorBeacon(): BeaconFunction | undefined {
  const navigator = (globalThis as { navigator?: { sendBeacon?: BeaconFunction } }).navigator;
  const sendBeacon = navigator?.sendBeacon;
  return typeof sendBeacon === "function"
    ? (url, body) => sendBeacon.call(navigator, url, body)
    : undefined;
}
