/** Who is calling: an admin token (with a role and maybe a project) or an SDK key of one environment. */
import type { Role } from "./roles.js";

export interface AdminPrincipal {
  kind: "admin";
  keyId: string;
  name: string;
  role: Role;
  /** `null` for a global token. */
  projectId: string | null;
  projectKey: string | null;
}

export interface SdkPrincipal {
  kind: "server" | "client";
  keyId: string;
  name: string;
  environmentId: string;
}

export type Principal = AdminPrincipal | SdkPrincipal;

/** The actor recorded in the audit log. */
export interface Actor {
  id: string;
  name: string;
}

export function actorOf(principal: AdminPrincipal): Actor {
  return { id: principal.keyId, name: principal.name };
}

/** Writes the server makes itself (first-start token, demo seed). */
export const SYSTEM_ACTOR: Actor = { id: "system", name: "system" };
