import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";
import { packageTests } from "../../vitest.shared.ts";

const shared = packageTests({
  include: ["src/**/*.test.{ts,tsx}", "test/**/*.test.{ts,tsx}"],
  // Components run in happy-dom; the browser test (test/e2e) opts into Node per file.
  environment: "happy-dom",
  setupFiles: ["./test/setup.ts"],
});

// As in packages/server: the shared list ("module", "import", …) also reaches Node's require()
// in the workers, where pg's CommonJS code would then get pg-pool's ES module namespace instead
// of its class (the browser test runs the real server). Vite adds "import"/"require" itself.
const browserConditions = ["@flagswitch/source", "browser", "default"];
const nodeConditions = ["@flagswitch/source", "node", "default"];

export default defineConfig({
  ...shared,
  plugins: [react()],
  resolve: { ...shared.resolve, conditions: browserConditions },
  ssr: { ...shared.ssr, resolve: { ...shared.ssr?.resolve, conditions: nodeConditions } },
});
