/**
 * Test settings every TypeScript package shares. Workspace packages resolve to their `src/`
 * through the "@flagswitch/source" export condition, so tests never need a build first.
 */
import { defineConfig, type ViteUserConfig } from "vitest/config";

// Vitest also hands these to Node's own resolver in its workers, where "import" or "module" would
// make CommonJS packages (pg → pg-pool) require() an ES module. Vite adds "import"/"require" per
// import by itself; only the source condition needs naming.
const sourceFirst = ["@flagswitch/source", "node", "default"];

export function packageTests(overrides: ViteUserConfig["test"] = {}) {
  return defineConfig({
    resolve: { conditions: sourceFirst },
    ssr: { resolve: { conditions: sourceFirst } },
    test: {
      include: ["src/**/*.test.ts", "test/**/*.test.ts"],
      ...overrides,
    },
  });
}
