/** Facts about environments the UI acts on. */
import type { Environment } from "../api/types.ts";

/**
 * Changes to production are confirmed with a diff first. Environments carry no explicit flag
 * for this, so any environment whose key or name says "prod" counts.
 */
export function isProduction(environment: Pick<Environment, "key" | "name">): boolean {
  return /prod/i.test(environment.key) || /prod/i.test(environment.name);
}

export function sortEnvironments(environments: readonly Environment[]): Environment[] {
  return [...environments].sort((a, b) => a.position - b.position || a.key.localeCompare(b.key));
}
