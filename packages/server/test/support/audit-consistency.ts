/**
 * "There is never a change without its entry or an entry without its change", checked on what a
 * database holds (after a crash or an outage): a write's flag versions and audit entries share
 * its timestamp and actor, and an entry of an environment-scoped flag change names the version
 * it produced.
 */
import type { ProcessDatabase } from "./process-databases.js";

export interface AuditConsistency {
  versions: number;
  entries: number;
  /** `flag@environment#version` of kept versions no audit entry accounts for. */
  versionsWithoutEntry: string[];
  /** `flag@environment#version` named by an audit entry but not kept. */
  entriesWithoutVersion: string[];
}

interface VersionRow {
  flag_key: string;
  environment_key: string;
  version: number | string;
  created_at: string;
  actor_id: string;
}

interface EntryRow {
  id: number | string;
  flag_key: string | null;
  environment_key: string | null;
  action: string;
  after: string | null;
  created_at: string;
  actor_id: string;
}

export async function checkAuditConsistency(database: ProcessDatabase): Promise<AuditConsistency> {
  const versions = await database.query<VersionRow>(
    `select f.key as flag_key, e.key as environment_key, v.version, v.created_at, v.actor_id
       from flag_versions v join flags f on f.id = v.flag_id join environments e on e.id = v.environment_id`,
  );
  const entries = await database.query<EntryRow>(
    `select id, flag_key, environment_key, action, after, created_at, actor_id
       from audit_entries where resource_type = 'flag'`,
  );
  const entryWrites = new Set(
    entries.map((entry) => `${entry.flag_key}|${entry.created_at}|${entry.actor_id}`),
  );
  const scoped = new Set<string>();
  for (const entry of entries) {
    if (entry.environment_key === null || entry.after === null) continue;
    const version = (JSON.parse(entry.after) as { version?: unknown }).version;
    if (typeof version === "number") {
      scoped.add(`${entry.flag_key}@${entry.environment_key}#${version}`);
    }
  }
  const kept = new Set(
    versions.map((row) => `${row.flag_key}@${row.environment_key}#${Number(row.version)}`),
  );
  return {
    versions: versions.length,
    entries: entries.length,
    versionsWithoutEntry: versions
      .filter((row) => !entryWrites.has(`${row.flag_key}|${row.created_at}|${row.actor_id}`))
      .map((row) => `${row.flag_key}@${row.environment_key}#${Number(row.version)}`),
    entriesWithoutVersion: [...scoped].filter((name) => !kept.has(name)),
  };
}
