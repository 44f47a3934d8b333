/**
 * SSE fan-out: many SDK streams on one environment, then flag writes through the admin API; for
 * each write, the time from sending it to each stream's receipt of the `patch` — the figure the
 * mission bounds is the last stream's. The streams are raw HTTP connections in this process
 * (one socket each, as separate SDK instances would have), so their parsing is counted too.
 */
import http from "node:http";
import { admin } from "./seed.mjs";

/** Percentile (0..100) of numbers, nearest rank. */
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return (
    sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN
  );
}

function openStream(url, sdkKey) {
  return new Promise((resolve, reject) => {
    const stream = {
      patchTimes: /** @type {number[]} */ ([]),
      gotPut: false,
      request: /** @type {any} */ (null),
    };
    const request = http.get(
      `${url}/sdk/v1/stream`,
      { agent: false, headers: { authorization: sdkKey, accept: "text/event-stream" } },
      (response) => {
        if (response.statusCode !== 200) {
          reject(new Error(`stream answered ${response.statusCode}`));
          response.resume();
          return;
        }
        response.setEncoding("utf8");
        let buffer = "";
        response.on("data", (chunk) => {
          const now = performance.now();
          buffer += chunk;
          for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            if (block.includes("event: patch")) stream.patchTimes.push(now);
            else if (block.includes("event: put") && !stream.gotPut) {
              stream.gotPut = true;
              resolve(stream);
            }
          }
        });
      },
    );
    request.on("error", reject);
    stream.request = request;
  });
}

/**
 * Opens `streams` streams spread over `urls` (round robin), makes `writes` toggles through
 * `writeUrl`, and returns the latency figures (ms).
 * @param {{ urls: string[], writeUrl: string, sdkKey: string, streams: number, writes: number,
 *   flagPath: string }} options
 */
export async function fanOut(options) {
  const streams = [];
  const openStarted = performance.now();
  // In batches: thousands of simultaneous SYNs would overflow the listen backlog.
  for (let opened = 0; opened < options.streams; opened += 250) {
    const batch = Math.min(250, options.streams - opened);
    streams.push(
      ...(await Promise.all(
        Array.from({ length: batch }, (_, i) =>
          openStream(options.urls[(opened + i) % options.urls.length], options.sdkKey),
        ),
      )),
    );
  }
  const openSeconds = (performance.now() - openStarted) / 1000;
  const lastStream = [];
  const everyStream = [];
  try {
    for (let write = 0; write < options.writes; write += 1) {
      const sent = performance.now();
      await admin(options.writeUrl, "POST", `${options.flagPath}/toggle`, {});
      const deadline = Date.now() + 10_000;
      while (streams.some((stream) => stream.patchTimes.length <= write)) {
        if (Date.now() > deadline) {
          const missing = streams.filter((stream) => stream.patchTimes.length <= write).length;
          throw new Error(
            `fan-out: ${missing} of ${streams.length} streams had no patch after 10 s`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      const delays = streams.map(
        (stream) => /** @type {number} */ (stream.patchTimes[write]) - sent,
      );
      everyStream.push(...delays);
      lastStream.push(Math.max(...delays));
      // Let the heap and sockets settle between writes, as real writes are spaced.
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  } finally {
    for (const stream of streams) stream.request.destroy();
  }
  return {
    streams: streams.length,
    openSeconds: Number(openSeconds.toFixed(1)),
    writes: options.writes,
    lastStreamP50: Math.round(percentile(lastStream, 50)),
    lastStreamP99: Math.round(percentile(lastStream, 99)),
    lastStreamMax: Math.round(Math.max(...lastStream)),
    anyStreamP50: Math.round(percentile(everyStream, 50)),
    anyStreamP99: Math.round(percentile(everyStream, 99)),
  };
}
