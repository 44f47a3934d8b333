/** Runs a zod schema over one part of a request and turns its issues into named field errors. */
import type { z } from "zod";
import { type FieldError, pathToPointer, pointerToField, problems } from "./problem.js";
import { assertStorableInput } from "./storable-input.js";

export type InputLocation = "body" | "query" | "path" | "header";

export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  location: InputLocation,
): z.output<S> {
  assertStorableInput(value, location);
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw problems.validation(zodIssuesToErrors(result.error.issues, location));
}

export function zodIssuesToErrors(
  issues: ReadonlyArray<z.core.$ZodIssue>,
  location: InputLocation,
): FieldError[] {
  const errors: FieldError[] = [];
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      // One error per unknown key, pointing at the key itself: that is the field to remove.
      for (const key of issue.keys) {
        const pointer = pathToPointer([...issue.path, key]);
        errors.push({
          field: pointerToField(pointer),
          pointer,
          in: location,
          message: `unknown field "${key}"`,
        });
      }
      continue;
    }
    const pointer = pathToPointer(issue.path);
    errors.push({ field: pointerToField(pointer), pointer, in: location, message: issue.message });
  }
  return errors;
}
