import { packageBuild } from "../../tsup.config.ts";

// The Node entry only says where the built app is; `vite build` writes the app itself to dist/
// first, so this build must not clean it away.
export default packageBuild({
  entry: { index: "src/node/index.ts" },
  outDir: "dist/node",
  clean: false,
  platform: "node",
  shims: true,
});
