/**
 * HTTP load with autocannon (loopback, keep-alive connections): throughput and latency
 * percentiles, with every non-expected status counted so a fast failure never passes for speed.
 */
import autocannon from "autocannon";

/**
 * @param {{ url: string, path: string, headers?: Record<string, string>, method?: string,
 *   connections?: number, seconds?: number, overallRate?: number, expectStatus?: number,
 *   setupRequest?: (request: any) => any }} options
 */
export async function load(options) {
  const result = await autocannon({
    url: options.url,
    connections: options.connections ?? 50,
    duration: options.seconds ?? 10,
    ...(options.overallRate ? { overallRate: options.overallRate } : {}),
    requests: [
      {
        method: options.method ?? "GET",
        path: options.path,
        headers: options.headers ?? {},
        ...(options.setupRequest ? { setupRequest: options.setupRequest } : {}),
      },
    ],
  });
  const expected = options.expectStatus ?? 200;
  const statuses = Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([code, stats]) => [
      code,
      /** @type {any} */ (stats).count,
    ]),
  );
  const good = statuses[String(expected)] ?? 0;
  return {
    requestsPerSecond: Math.round(good / (result.duration || options.seconds || 10)),
    served: good,
    // At a fixed rate the server idles between requests: CPU per request means little then.
    rateLimited: options.overallRate !== undefined,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    unexpected: result.requests.total - good,
    errors: result.errors + result.timeouts,
    statuses,
  };
}

/** The current ETag of an environment's document. */
export async function currentEtag(url, sdkKey) {
  const response = await fetch(`${url}/sdk/v1/flags`, { headers: { authorization: sdkKey } });
  const bytes = (await response.arrayBuffer()).byteLength;
  const etag = response.headers.get("etag");
  if (response.status !== 200 || !etag) throw new Error(`GET /sdk/v1/flags → ${response.status}`);
  return { etag, bytes };
}

/**
 * Event batches for `POST /sdk/v1/events`: `size` exposures and conversions each, every batch
 * with its own id (a repeated id is acknowledged as a duplicate and not stored again).
 */
export function eventBatchRequests(sdkKey, size) {
  let batch = 0;
  const runId = Date.now().toString(36);
  return {
    path: "/sdk/v1/events",
    method: "POST",
    headers: { authorization: sdkKey, "content-type": "application/json" },
    setupRequest(request) {
      batch += 1;
      const ts = Date.now();
      const events = Array.from({ length: size }, (_, i) => {
        const contextKey = `user-${(batch * size + i) % 100_000}`;
        return i % 4 === 3
          ? { kind: "conversion", eventKey: "checkout-completed", contextKey, value: 42, ts }
          : {
              kind: "exposure",
              flagKey: "flag-000",
              flagVersion: 2,
              variation: i % 2 === 0 ? "on" : "off",
              contextKey,
              experimentKey: "bench-experiment",
              ts,
            };
      });
      return {
        ...request,
        body: JSON.stringify({
          batchId: `${runId}-${batch}`,
          sdk: { name: "bench", version: "1" },
          events,
        }),
      };
    },
  };
}
