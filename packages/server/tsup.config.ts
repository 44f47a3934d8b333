import { packageBuild } from "../../tsup.config.ts";

// Two entries: the library (createServer & friends) and the `flagswitch` CLI binary.
export default packageBuild({
  entry: ["src/index.ts", "src/cli.ts"],
  platform: "node",
});
