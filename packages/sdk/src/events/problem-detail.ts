/** Turns a refused answer into "HTTP 400: <the server's detail>" for an error message. */
import type { TimedResponse } from "../http.js";

/** Reads (and so releases) the body; a problem+json `detail` or `title` is quoted, cut to 300. */
export async function describeRefusal(timed: TimedResponse): Promise<string> {
  let detail = "";
  try {
    const text = (await timed.read("text")) as string;
    const problem = JSON.parse(text) as { detail?: unknown; title?: unknown };
    const said = problem.detail ?? problem.title;
    if (typeof said === "string") detail = `: ${said.slice(0, 300)}`;
  } catch {
    // Not a problem document (or the body was cut off): the status says enough.
  }
  return `HTTP ${timed.response.status}${detail}`;
}
