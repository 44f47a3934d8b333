import { packageTests } from "../../vitest.shared.ts";

export default packageTests({
  // Each file starts real servers (and, in CI, PostgreSQL schemas): a few seconds per file.
  testTimeout: 20_000,
  hookTimeout: 30_000,
  // The fault tests run the CLI as real processes: bundled once from src/ for the whole run.
  globalSetup: ["test/support/bundle-cli.ts"],
});
