import { packageBuild } from "../../tsup.config.ts";

export default packageBuild();
