/** Facts about environments the UI acts on. */
import type { Environment } from "../api/types.ts";

/**
 * Which environment keys count as production: those that start with "prod" — `production`,
 * `prod`, `prod-eu`, `production-us` — and not `preprod` or `non-prod`.
 */
export const PRODUCTION_KEY = /^prod/i;

/**
 * Changes to production are confirmed with a diff first. The server's environments carry no
 * production marker, so the key decides (PRODUCTION_KEY); a server that sends an explicit
 * `production: true|false` on an environment is followed instead. The name is free text and
 * never decides.
 */
export function isProduction(environment: Pick<Environment, "key" | "production">): boolean {
  return environment.production ?? PRODUCTION_KEY.test(environment.key);
}

export function sortEnvironments(environments: readonly Environment[]): Environment[] {
  return [...environments].sort((a, b) => a.position - b.position || a.key.localeCompare(b.key));
}
