/**
 * One `POST /sdk/v1/evaluate` for one context: the client-side key in `Authorization`, the
 * context as JSON, the answer checked before anything uses it. Failover across base URLs.
 */
import type { EvaluationContext } from "@flagswitch/core";
import { authorization, type Endpoints } from "../endpoints.js";
import { AuthenticationError, InvalidDocumentError, NetworkError } from "../errors.js";
import { describeRefusal } from "../events/problem-detail.js";
import { type FetchFunction, fetchWithTimeout, type TimedResponse } from "../http.js";
import type { Scheduler } from "../scheduler.js";
import { type EvaluatedFlags, parseEvaluatedFlags } from "./evaluated-flags.js";

export interface EvaluateSettings {
  clientKey: string;
  endpoints: Endpoints;
  fetch: FetchFunction;
  timeoutMs: number;
  scheduler: Scheduler;
}

const EVALUATE_PATH = "/sdk/v1/evaluate";

/** The evaluated flags, or a FlagSwitchError naming the URL and what went wrong. */
export async function requestEvaluation(
  settings: EvaluateSettings,
  context: EvaluationContext,
  signal: AbortSignal,
): Promise<EvaluatedFlags> {
  const { endpoints } = settings;
  const url = endpoints.url(EVALUATE_PATH);
  let timed: TimedResponse;
  try {
    timed = await fetchWithTimeout(
      settings.fetch,
      url,
      {
        method: "POST",
        headers: {
          authorization: authorization(settings.clientKey),
          "content-type": "application/json",
          accept: "application/json",
        },
        body: JSON.stringify({ context }),
      },
      settings.timeoutMs,
      settings.scheduler,
      signal,
    );
  } catch (error) {
    endpoints.failed();
    throw error;
  }
  const { status } = timed.response;
  if (status === 401 || status === 403) {
    timed.release();
    throw new AuthenticationError(url, status);
  }
  if (status !== 200) {
    if (status >= 500) endpoints.failed();
    throw new NetworkError(url, await describeRefusal(timed), status);
  }
  const text = (await timed.read("text")) as string;
  let parsed: EvaluatedFlags | string;
  try {
    parsed = parseEvaluatedFlags(JSON.parse(text));
  } catch {
    parsed = "the answer is not JSON";
  }
  if (typeof parsed === "string")
    throw new InvalidDocumentError(url, [{ path: "", message: parsed }]);
  return parsed;
}
