import { packageBuild } from "../../tsup.config.ts";

// Three entries: "." is universal (no Node built-ins), "./node" adds the file source and file
// cache, "./browser" is the tiny client-side mode (no rules engine).
export default packageBuild({ entry: ["src/index.ts", "src/node.ts", "src/browser.ts"] });
