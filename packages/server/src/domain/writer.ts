/**
 * Runs every admin write the same way:
 *   1. a retried `Idempotency-Key` gets the first answer back, without running again;
 *   2. in one transaction: the change, its audit entries, the new document of every environment
 *      it touched (validated by @flagswitch/core — an invalid one aborts with a 422 naming the
 *      field), and the idempotency record;
 *   3. after commit: the new documents go into the cache (write-through) and out on the feed.
 */
import { type FlagDocument, type ValidationError, validateDocument } from "@flagswitch/core";
import type { Kysely } from "kysely";
import type { KeyRing } from "../auth/key-ring.js";
import type { Clock } from "../clock.js";
import { findEnvironmentWithProject } from "../db/repositories/environments.js";
import { findIdempotencyRecord, insertIdempotencyRecord } from "../db/repositories/idempotency.js";
import type { Database } from "../db/schema.js";
import type { ChangeFeed } from "../documents/change-feed.js";
import type { EntityChange } from "../documents/changes.js";
import { readEnvironmentDocument } from "../documents/document-builder.js";
import type { DocumentCache } from "../documents/document-cache.js";
import { PublishedDocument } from "../documents/published-document.js";
import { type FieldError, Problem, pointerToField, problems } from "../http/problem.js";
import { type BodyMirror, type WriteMeta, WriteUnit } from "./write-unit.js";

export interface WriteResult<T = unknown> {
  status: number;
  body: T;
}

export interface WriteOptions extends WriteMeta {
  /** With a fingerprint of the request (method, path, body), from the `Idempotency-Key` header. */
  idempotency?: { key: string; fingerprint: string } | undefined;
}

export interface WriteOutcome<T> extends WriteResult<T> {
  /** True when this is the stored answer of an earlier request with the same Idempotency-Key. */
  replayed: boolean;
}

export interface WriterLogger {
  error(message: string): void;
}

export class Writer {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly cache: DocumentCache,
    private readonly feed: ChangeFeed,
    private readonly keyRing: KeyRing,
    private readonly clock: Clock,
    private readonly logger: WriterLogger,
  ) {}

  async run<T>(
    options: WriteOptions,
    work: (unit: WriteUnit) => Promise<WriteResult<T>>,
  ): Promise<WriteOutcome<T>> {
    const idempotency = options.idempotency;
    if (idempotency) {
      const replay = await this.replay<T>(options, idempotency);
      if (replay) return replay;
    }
    let committed: { result: WriteResult<T>; unit: WriteUnit; published: Published[] };
    try {
      committed = await this.db.transaction().execute(async (tx) => {
        const unit = new WriteUnit(tx, options, this.clock.now().toISOString());
        const result = await work(unit);
        const published = await this.publishable(unit);
        if (idempotency) {
          await insertIdempotencyRecord(tx, {
            actor_id: options.actor.id,
            key: idempotency.key,
            fingerprint: idempotency.fingerprint,
            status: result.status,
            body: JSON.stringify(result.body ?? null),
            created_at: unit.now,
          });
        }
        return { result, unit, published };
      });
    } catch (error) {
      // Two concurrent requests with one key: the loser's insert fails; it answers as a retry.
      if (idempotency && !(error instanceof Problem)) {
        const replay = await this.replay<T>(options, idempotency);
        if (replay) return replay;
      }
      throw error;
    }
    await this.afterCommit(committed.unit, committed.published);
    return { ...committed.result, replayed: false };
  }

  private async replay<T>(
    options: WriteOptions,
    idempotency: { key: string; fingerprint: string },
  ): Promise<WriteOutcome<T> | undefined> {
    const stored = await findIdempotencyRecord(this.db, options.actor.id, idempotency.key);
    if (!stored) return undefined;
    if (stored.fingerprint !== idempotency.fingerprint) {
      throw problems.unprocessable(
        "idempotency-key-reused",
        "this Idempotency-Key was already used for a different request (method, path or body)",
        [
          {
            field: "Idempotency-Key",
            pointer: "",
            in: "header",
            message: "already used for a different request",
          },
        ],
      );
    }
    return { status: stored.status, body: JSON.parse(stored.body) as T, replayed: true };
  }

  private async publishable(unit: WriteUnit): Promise<Published[]> {
    const published: Published[] = [];
    for (const locked of unit.locked.values()) {
      const environment = await findEnvironmentWithProject(unit.tx, locked.row.id);
      if (!environment) continue;
      const raw = await readEnvironmentDocument(unit.tx, environment);
      const result = validateDocument(raw);
      if (!result.ok) throw invalidDocumentProblem(raw, result.errors, unit.bodyMirror);
      published.push({
        document: new PublishedDocument(environment.id, environment.project_key, result.document),
        changes: locked.changes,
      });
    }
    return published;
  }

  private async afterCommit(unit: WriteUnit, published: Published[]): Promise<void> {
    for (const environmentId of unit.removedEnvironments) {
      this.cache.remove(environmentId);
      await this.announce({ type: "environment-removed", environmentId });
    }
    for (const { document, changes } of published) {
      this.cache.install(document, changes);
      await this.announce({
        type: "environment",
        environmentId: document.environmentId,
        version: document.version,
        changes,
      });
    }
    if (unit.keysChanged) {
      await this.keyRing.reload();
      await this.announce({ type: "keys" });
    }
  }

  /** The write is committed: a feed failure is logged, never reported as a failed write. */
  private async announce(message: Parameters<ChangeFeed["publish"]>[0]): Promise<void> {
    try {
      await this.feed.publish(message);
    } catch (error) {
      this.logger.error(`publishing a committed change failed: ${(error as Error).message}`);
    }
  }
}

interface Published {
  document: PublishedDocument;
  changes: EntityChange[];
}

function invalidDocumentProblem(
  document: FlagDocument,
  errors: ValidationError[],
  mirror: BodyMirror | undefined,
): Problem {
  const prefix = mirror
    ? `/${mirror.kind}/${mirror.key.replaceAll("~", "~0").replaceAll("/", "~1")}`
    : undefined;
  const fieldErrors: FieldError[] = errors.map((error) => {
    if (prefix && (error.path === prefix || error.path.startsWith(`${prefix}/`))) {
      const pointer = error.path.slice(prefix.length);
      return { field: pointerToField(pointer), pointer, in: "body", message: error.message };
    }
    return {
      field: pointerToField(error.path),
      pointer: error.path,
      in: "document",
      message: error.message,
    };
  });
  const first = fieldErrors[0];
  const where = first ? `${first.field || first.in}: ${first.message}` : "";
  return problems.invalidDocument(
    `the change would make environment "${document.environment}"'s flag document invalid — ${where}`,
    fieldErrors,
  );
}
