/**
 * Test settings every TypeScript package shares. Workspace packages resolve to their `src/`
 * through the "@flagswitch/source" export condition, so tests never need a build first.
 */
import { defineConfig, type ViteUserConfig } from "vitest/config";

const sourceFirst = ["@flagswitch/source", "module", "node", "import", "default"];

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
