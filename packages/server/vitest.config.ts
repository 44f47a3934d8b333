import { packageTests } from "../../vitest.shared.ts";

export default packageTests({
  // Each file starts real servers (and, in CI, PostgreSQL schemas): a few seconds per file.
  testTimeout: 20_000,
  hookTimeout: 30_000,
});
