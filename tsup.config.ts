/**
 * The one build recipe every TypeScript package shares: ESM + CJS + .d.ts from src/index.ts.
 * A package's own tsup.config.ts calls this and overrides only what differs (entries, platform).
 */
import { defineConfig, type Options } from "tsup";

export function packageBuild(overrides: Options = {}) {
  return defineConfig({
    entry: ["src/index.ts"],
    format: ["esm", "cjs"],
    dts: true,
    sourcemap: true,
    clean: true,
    target: "es2022",
    treeshake: true,
    tsconfig: "tsconfig.build.json",
    ...overrides,
  });
}
