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

export async function publishFromDatabase(
  db: Kysely<Database>,
  environment: EnvironmentWithProject,
): Promise<PublishedDocument> {
  const raw = await readEnvironmentDocument(db, environment);
  const result = validateDocument(raw);
  if (!result.ok) {
    // Writes are validated before commit, so this means the database was edited by hand.
    const first = result.errors[0];
    throw new Error(
      `stored document of environment "${environment.project_key}/${environment.key}" is invalid: ${first?.path} ${first?.message}`,
    );
  }
  return new PublishedDocument(environment.id, environment.project_key, result.document);
}

export async function loadAllDocuments(
  db: Kysely<Database>,
  cache: DocumentCache,
  logger: LoadLogger,
): Promise<void> {
  for (const environment of await listAllEnvironments(db)) {
    try {
      cache.install(await publishFromDatabase(db, environment), null);
    } catch (error) {
      logger.error((error as Error).message);
    }
  }
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
