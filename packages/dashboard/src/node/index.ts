/**
 * @flagswitch/dashboard for Node: where the built dashboard is, so a server can serve it.
 * `vite build` writes the app (index.html + assets) to the package's dist/; this entry lives in
 * src/node/ and is built to dist/node/, so "../../dist/" names the same folder from both.
 *
 * @example
 * import { dashboardDist } from "@flagswitch/dashboard";
 * app.register(fastifyStatic, { root: dashboardDist });
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** Absolute path of the built dashboard (contains index.html once `pnpm build` ran). */
export const dashboardDist: string = fileURLToPath(new URL("../../dist/", import.meta.url));

/** Whether the dashboard has been built. */
export function isDashboardBuilt(directory: string = dashboardDist): boolean {
  return existsSync(join(directory, "index.html"));
}
