/**
 * Every environment's published document, mirrored in Redis so a starting replica reads them
 * in one round trip instead of two queries per environment. The database stays the system of
 * record: a starting replica uses a mirrored document only when its version is the one the
 * database holds. Two hashes, keyed by environment id: versions and bodies; a document is
 * replaced only by a newer version (checked in Redis, so replicas racing cannot go backwards).
 */
import type { RedisClient } from "./redis-link.js";

export interface DocumentToMirror {
  environmentId: string;
  version: number;
  projectKey: string;
  /** The document's JSON text, as SDKs receive it. */
  documentJson: string;
}

export interface MirroredDocument {
  environmentId: string;
  version: number;
  projectKey: string;
  /** Parsed, not validated: whoever uses it validates it. */
  document: unknown;
}

/**
 * KEYS: versions hash, bodies hash. ARGV: environment id, version, body.
 * Sets the body when the version is newer than the one stored; returns 1 when it did.
 */
const SAVE_IF_NEWER = `
local stored = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '-1')
if stored >= tonumber(ARGV[2]) then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
return 1
`;

export class RedisDocumentMirror {
  private readonly versionsKey: string;
  private readonly bodiesKey: string;

  constructor(
    private readonly client: RedisClient,
    prefix: string,
  ) {
    this.versionsKey = `${prefix}:documents:versions`;
    this.bodiesKey = `${prefix}:documents:bodies`;
  }

  async save(document: DocumentToMirror): Promise<void> {
    const body = `{"projectKey":${JSON.stringify(document.projectKey)},"document":${document.documentJson}}`;
    await this.client.eval(SAVE_IF_NEWER, {
      keys: [this.versionsKey, this.bodiesKey],
      arguments: [document.environmentId, String(document.version), body],
    });
  }

  async remove(environmentId: string): Promise<void> {
    await this.client
      .multi()
      .hDel(this.versionsKey, environmentId)
      .hDel(this.bodiesKey, environmentId)
      .exec();
  }

  /** Every mirrored document; entries that do not parse are skipped (the database has them). */
  async loadAll(): Promise<MirroredDocument[]> {
    const [versions, bodies] = await Promise.all([
      this.client.hGetAll(this.versionsKey),
      this.client.hGetAll(this.bodiesKey),
    ]);
    const documents: MirroredDocument[] = [];
    for (const [environmentId, body] of Object.entries(bodies)) {
      const version = Number(versions[environmentId]);
      if (!Number.isSafeInteger(version)) continue;
      const parsed = parseBody(body);
      if (parsed) documents.push({ environmentId, version, ...parsed });
    }
    return documents;
  }
}

function parseBody(body: string): { projectKey: string; document: unknown } | undefined {
  try {
    const value = JSON.parse(body) as { projectKey?: unknown; document?: unknown };
    if (typeof value.projectKey !== "string" || typeof value.document !== "object") return;
    return { projectKey: value.projectKey, document: value.document };
  } catch {
    return undefined;
  }
}
