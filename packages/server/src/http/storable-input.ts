/**
 * Two things every request input is checked for before anything else reads it:
 * - how deeply its JSON nests, before anything walks it recursively (zod, JSON.stringify, the
 *   document validator): a body of `[[[[…]]]]` thousands deep would otherwise overflow the stack;
 * - NUL characters (U+0000) in strings and keys, which PostgreSQL can store in neither `text`
 *   nor `jsonb`: refused here with the field named, rather than failing in the database.
 * Checked without recursion; the error points at the offending place.
 */
import { pathToPointer, pointerToField, problems } from "./problem.js";
import type { InputLocation } from "./validation.js";

/** Deeper than any request of the API needs (flag configurations nest about ten levels). */
export const MAX_INPUT_DEPTH = 64;

interface Pending {
  value: unknown;
  depth: number;
  parent: Pending | undefined;
  key: string | number | undefined;
}

export function assertStorableInput(
  value: unknown,
  location: InputLocation,
  maxDepth = MAX_INPUT_DEPTH,
): void {
  const stack: Pending[] = [{ value, depth: 0, parent: undefined, key: undefined }];
  for (let item = stack.pop(); item; item = stack.pop()) {
    if (typeof item.value === "string") {
      if (item.value.includes("\u0000")) refuse(item, location, NUL_MESSAGE);
      continue;
    }
    if (item.value === null || typeof item.value !== "object") continue;
    if (item.depth >= maxDepth) refuse(item, location, `nests deeper than ${maxDepth} levels`);
    const entries: Array<[string | number, unknown]> = Array.isArray(item.value)
      ? item.value.map((child, index) => [index, child])
      : Object.entries(item.value);
    for (const [key, child] of entries) {
      const next = { value: child, depth: item.depth + 1, parent: item, key };
      if (typeof key === "string" && key.includes("\u0000")) refuse(next, location, NUL_MESSAGE);
      if (typeof child === "string" || (child !== null && typeof child === "object")) {
        stack.push(next);
      }
    }
  }
}

const NUL_MESSAGE = "contains a NUL character (U+0000), which no field accepts";

function refuse(item: Pending, location: InputLocation, message: string): never {
  const pointer = pathToPointer(pathOf(item));
  throw problems.validation([{ field: pointerToField(pointer), pointer, in: location, message }]);
}

function pathOf(item: Pending): Array<string | number> {
  const path: Array<string | number> = [];
  for (let node: Pending | undefined = item; node?.key !== undefined; node = node.parent) {
    path.push(node.key);
  }
  return path.reverse();
}
