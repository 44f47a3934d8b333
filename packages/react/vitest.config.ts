import { packageTests } from "../../vitest.shared.ts";

// Hooks render into happy-dom; the SSR test opts into Node per file.
export default packageTests({
  include: ["src/**/*.test.{ts,tsx}", "test/**/*.test.{ts,tsx}"],
  environment: "happy-dom",
});
