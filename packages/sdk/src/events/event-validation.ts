/**
 * The server refuses a whole batch (400) when one event in it is malformed, so each event is
 * checked once when recorded, against the server's limits, and a bad one is dropped alone.
 */
import type { ConversionInput, ExposureInput } from "./event-types.js";

/** Also refused: a NUL character, which the server cannot store. */
function badString(value: unknown, max: number): boolean {
  return (
    typeof value !== "string" || value.length === 0 || value.length > max || value.includes("\0")
  );
}

/** Why the server would refuse this exposure, or undefined when it is fine. */
export function exposureProblem(e: ExposureInput): string | undefined {
  if (badString(e.flagKey, 128)) return "flagKey must be 1 to 128 characters, without NUL";
  if (!Number.isInteger(e.flagVersion) || e.flagVersion < 0)
    return "flagVersion must be a non-negative integer";
  if (badString(e.variation, 128)) return "variation must be 1 to 128 characters, without NUL";
  if (badString(e.contextKey, 1024)) return "contextKey must be 1 to 1024 characters, without NUL";
  if (badString(e.experimentKey, 128))
    return "experimentKey must be 1 to 128 characters, without NUL";
  return undefined;
}

/** Why the server would refuse this conversion, or undefined when it is fine. */
export function conversionProblem(e: ConversionInput): string | undefined {
  if (badString(e.eventKey, 256)) return "eventKey must be 1 to 256 characters, without NUL";
  if (badString(e.contextKey, 1024)) return "contextKey must be 1 to 1024 characters, without NUL";
  if (e.value !== undefined && !Number.isFinite(e.value)) return "value must be a finite number";
  return undefined;
}
