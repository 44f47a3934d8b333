import { packageBuild } from "../../tsup.config.ts";

// "." re-exports the server provider; "./web" must not pull @openfeature/server-sdk into browsers.
export default packageBuild({ entry: ["src/index.ts", "src/server.ts", "src/web.ts"] });
