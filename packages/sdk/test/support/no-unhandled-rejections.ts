/**
 * Fails the test during which a promise rejection went unhandled: the SDK promises never to
 * leave one behind, whatever the network does. Import it at the top of every test file.
 */
import { afterEach, beforeAll, expect } from "vitest";

const unhandled: unknown[] = [];
const record = (reason: unknown) => unhandled.push(reason);

beforeAll(() => {
  process.on("unhandledRejection", record);
  return () => {
    process.off("unhandledRejection", record);
  };
});

afterEach(async () => {
  // Rejections are reported after a macrotask; let any pending one surface before checking.
  await new Promise((resolve) => setTimeout(resolve, 5));
  const seen = unhandled.splice(0);
  expect(seen, "unhandled promise rejections").toEqual([]);
});
