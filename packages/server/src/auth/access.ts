/**
 * What each route requires, and the check itself. The rules: an SDK key never reaches `/api`;
 * an admin token never reaches `/sdk`; a client-side key reaches only evaluate and events; a
 * role includes the ones below it; a project-scoped token reaches only its own project.
 */
import { problems } from "../http/problem.js";
import type { AdminPrincipal, Principal, SdkPrincipal } from "./principal.js";
import { type Role, roleAtLeast } from "./roles.js";

export type Access =
  | { kind: "public" }
  /**
   * `global`: only global tokens; `project`: global tokens or tokens of the `:project` in the
   * path; `any`: every admin token (the route itself narrows what a project token sees).
   */
  | { kind: "admin"; role: Role; scope: "global" | "project" | "any" }
  /** `clientKeyInQuery`: a client-side key may come as `?key=` (sendBeacon cannot set headers). */
  | { kind: "sdk"; keys: ReadonlyArray<"server" | "client">; clientKeyInQuery?: boolean };

export function authorizeAdmin(
  principal: Principal,
  access: Extract<Access, { kind: "admin" }>,
  projectKey: string | undefined,
): AdminPrincipal {
  if (principal.kind !== "admin") {
    throw problems.forbidden("SDK keys cannot use the admin API; use an admin token");
  }
  if (!roleAtLeast(principal.role, access.role)) {
    throw problems.forbidden(
      `this needs the ${access.role} role; the token "${principal.name}" has ${principal.role}`,
    );
  }
  if (principal.projectKey !== null) {
    if (access.scope === "global") {
      throw problems.forbidden(
        `this needs a global token; "${principal.name}" is limited to project "${principal.projectKey}"`,
      );
    }
    if (access.scope === "project" && principal.projectKey !== projectKey) {
      throw problems.forbidden(
        `the token "${principal.name}" is limited to project "${principal.projectKey}"`,
      );
    }
  }
  return principal;
}

export function authorizeSdk(
  principal: Principal,
  access: Extract<Access, { kind: "sdk" }>,
): SdkPrincipal {
  if (principal.kind === "admin") {
    throw problems.forbidden("admin tokens cannot use the SDK endpoints; use an SDK key");
  }
  if (!access.keys.includes(principal.kind)) {
    const wanted = access.keys.map((kind) => `${kind}-side`).join(" or ");
    throw problems.forbidden(
      `this endpoint needs a ${wanted} SDK key, not a ${principal.kind}-side one`,
    );
  }
  return principal;
}

/** Whether an admin token may see a given project (for routes that narrow lists themselves). */
export function canSeeProject(principal: AdminPrincipal, projectKey: string): boolean {
  return principal.projectKey === null || principal.projectKey === projectKey;
}
