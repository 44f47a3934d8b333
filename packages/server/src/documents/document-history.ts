/**
 * What changed in an environment's document since a version a client holds, without a change
 * log: every flag and segment carries the document version that last changed it, so the current
 * document names what is newer; only removals leave no trace in it, so they are kept here as
 * tombstones, found by comparing each installed document with the one it replaces.
 *
 * The record of an environment is complete from the first version this replica installed (or
 * from the last time it could not vouch for it): a stream resuming from an older version gets a
 * whole `put` instead.
 */
import type { Flag, Segment } from "@flagswitch/core";
import type { EntityChange } from "./changes.js";
import type { PublishedDocument } from "./published-document.js";

/** Changes of one document version, in the order a stream sends them. */
export interface VersionedChanges {
  version: number;
  changes: EntityChange[];
}

type Kind = "flag" | "segment";

interface Tombstone {
  kind: Kind;
  key: string;
  version: number;
}

interface EnvironmentRecord {
  /** Every removal after this version is in `tombstones`. */
  completeSince: number;
  /** By `<kind>:<key>`, oldest first (insertion order is version order). */
  tombstones: Map<string, Tombstone>;
}

export class DocumentHistory {
  private readonly records = new Map<string, EnvironmentRecord>();

  /** Tombstones kept per environment; forgetting the oldest makes older versions unresumable. */
  constructor(private readonly maxTombstones = 1000) {}

  /** Called for every installed document, with the one it replaces (if any). */
  record(previous: PublishedDocument | undefined, next: PublishedDocument): void {
    let record = this.records.get(next.environmentId);
    if (!previous || !record) {
      this.records.set(next.environmentId, { completeSince: next.version, tombstones: new Map() });
      return;
    }
    if (!this.followsFrom(previous, next)) {
      // Something changed without a newer version: this replica cannot tell what; start over.
      record = { completeSince: next.version, tombstones: new Map() };
      this.records.set(next.environmentId, record);
      return;
    }
    this.bury(record, "flag", previous.document.flags, next.document.flags, next.version);
    this.bury(record, "segment", previous.document.segments, next.document.segments, next.version);
    while (record.tombstones.size > this.maxTombstones) {
      const oldest = record.tombstones.entries().next();
      if (oldest.done) break;
      record.tombstones.delete(oldest.value[0]);
      record.completeSince = Math.max(record.completeSince, oldest.value[1].version);
    }
  }

  forget(environmentId: string): void {
    this.records.delete(environmentId);
  }

  /**
   * The changes from `since` (exclusive) to `current`, grouped by version, oldest first; `null`
   * when this replica cannot know them (the client is older than the record, or ahead of it).
   */
  changesSince(current: PublishedDocument, since: number): VersionedChanges[] | null {
    const record = this.records.get(current.environmentId);
    if (!record || since < record.completeSince || since > current.version) return null;
    const byVersion = new Map<number, EntityChange[]>();
    const add = (version: number, change: EntityChange) => {
      const list = byVersion.get(version);
      if (list) list.push(change);
      else byVersion.set(version, [change]);
    };
    for (const flag of Object.values(current.document.flags)) {
      if (flag.version > since) add(flag.version, { kind: "flag", key: flag.key, data: flag });
    }
    for (const segment of Object.values(current.document.segments)) {
      if (segment.version > since)
        add(segment.version, { kind: "segment", key: segment.key, data: segment });
    }
    for (const tombstone of record.tombstones.values()) {
      if (tombstone.version <= since) continue;
      const entities: Record<string, Flag | Segment> =
        tombstone.kind === "flag" ? current.document.flags : current.document.segments;
      // Back again since: its patch (newer than the removal) says everything.
      if (Object.hasOwn(entities, tombstone.key)) continue;
      add(tombstone.version, {
        kind: tombstone.kind,
        key: tombstone.key,
        deleted: true,
        version: tombstone.version,
      });
    }
    return [...byVersion.entries()]
      .sort(([a], [b]) => a - b)
      .map(([version, changes]) => ({ version, changes }));
  }

  /**
   * Whether `next` differs from `previous` only in entities versioned after `previous`: the
   * invariant every write keeps. Checked on versions alone (cheap), which is what resumption
   * relies on.
   */
  private followsFrom(previous: PublishedDocument, next: PublishedDocument): boolean {
    const unchangedSince = previous.version;
    const same = (
      before: Record<string, { version: number }>,
      after: Record<string, { version: number }>,
    ) => {
      for (const [key, entity] of Object.entries(after)) {
        if (entity.version > unchangedSince) continue;
        if (!Object.hasOwn(before, key) || before[key]?.version !== entity.version) return false;
      }
      return true;
    };
    return (
      same(previous.document.flags, next.document.flags) &&
      same(previous.document.segments, next.document.segments)
    );
  }

  private bury(
    record: EnvironmentRecord,
    kind: Kind,
    before: Record<string, unknown>,
    after: Record<string, unknown>,
    version: number,
  ): void {
    for (const key of Object.keys(before)) {
      if (Object.hasOwn(after, key)) continue;
      const id = `${kind}:${key}`;
      // Re-insert so the map stays in version order.
      record.tombstones.delete(id);
      record.tombstones.set(id, { kind, key, version });
    }
  }
}
