/** Fills the document cache from the database: every environment at start-up, one on demand. */
import { validateDocument } from "@flagswitch/core";
import type { Kysely } from "kysely";
import {
  type EnvironmentWithProject,
  findEnvironmentWithProject,
  listAllEnvironments,
} from "../db/repositories/environments.js";
import type { Database } from "../db/schema.js";
import type { EntityChange } from "./changes.js";
import { readEnvironmentDocument } from "./document-builder.js";
import type { DocumentCache } from "./document-cache.js";
import { PublishedDocument } from "./published-document.js";

export interface LoadLogger {
  error(message: string): void;
}

/** The database holds a document that does not validate (edited by hand): that environment is skipped. */
export class InvalidStoredDocumentError extends Error {
  override readonly name = "InvalidStoredDocumentError";
}

export async function publishFromDatabase(
  db: Kysely<Database>,
  environment: EnvironmentWithProject,
): Promise<PublishedDocument> {
  const raw = await readEnvironmentDocument(db, environment);
  const result = validateDocument(raw);
  if (!result.ok) {
    // Writes are validated before commit, so this means the database was edited by hand.
    const first = result.errors[0];
    throw new InvalidStoredDocumentError(
      `stored document of environment "${environment.project_key}/${environment.key}" is invalid: ${first?.path} ${first?.message}`,
    );
  }
  return new PublishedDocument(environment.id, environment.project_key, result.document);
}

/**
 * Brings the cache in line with the database, in one query plus one document read per
 * environment that is missing or behind: at start-up (everything), after a replica may have
 * missed messages, and periodically. `preloaded` documents (from the Redis mirror) are used
 * instead of a read when their version is the database's. Environments gone from the database
 * leave the cache; one cached at a version the database no longer has (a restored backup) is
 * replaced. Returns how many environments were (re)loaded, and from where.
 */
export async function loadAllDocuments(
  db: Kysely<Database>,
  cache: DocumentCache,
  logger: LoadLogger,
  preloaded: ReadonlyMap<string, PublishedDocument> = new Map(),
): Promise<LoadOutcome> {
  const environments = await listAllEnvironments(db);
  const outcome: LoadOutcome = { fromDatabase: 0, fromMirror: 0 };
  for (const environment of environments) {
    const cached = cache.version(environment.id);
    if (cached === environment.document_version) continue;
    try {
      const mirrored = preloaded.get(environment.id);
      const usable = mirrored?.version === environment.document_version ? mirrored : undefined;
      const published = usable ?? (await publishFromDatabase(db, environment));
      if (cached > published.version) cache.remove(environment.id);
      if (cache.install(published, null)) {
        if (usable) outcome.fromMirror += 1;
        else outcome.fromDatabase += 1;
      }
    } catch (error) {
      // Only a bad document is skipped; a database failure ends the whole pass.
      if (!(error instanceof InvalidStoredDocumentError)) throw error;
      logger.error(error.message);
    }
  }
  const present = new Set(environments.map((environment) => environment.id));
  for (const id of cache.environmentIds()) if (!present.has(id)) cache.remove(id);
  return outcome;
}

export interface LoadOutcome {
  fromDatabase: number;
  fromMirror: number;
}

/**
 * Reloads one environment (a change another replica committed). The `changes` describe
 * `expectedVersion`; when the database is already past it, they are not the whole story, so
 * streams get the whole document instead.
 */
export async function reloadDocument(
  db: Kysely<Database>,
  cache: DocumentCache,
  environmentId: string,
  expectedVersion: number,
  changes: EntityChange[] | null,
): Promise<void> {
  const environment = await findEnvironmentWithProject(db, environmentId);
  if (!environment) {
    cache.remove(environmentId);
    return;
  }
  const published = await publishFromDatabase(db, environment);
  cache.install(published, published.version === expectedVersion ? changes : null);
}
