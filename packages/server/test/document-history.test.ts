/** DocumentHistory: what changed since a version, from entity versions and tombstones. */
import { type Flag, validateDocument } from "@flagswitch/core";
import { describe, expect, it } from "vitest";
import { DocumentHistory } from "../src/documents/document-history.js";
import { PublishedDocument } from "../src/documents/published-document.js";

function flag(key: string, version: number): Flag {
  return {
    key,
    version,
    enabled: true,
    variations: [
      { key: "on", value: true },
      { key: "off", value: false },
    ],
    offVariation: 1,
    fallthrough: { variation: 0 },
  };
}

/** A document at `version` holding the given flags (key → version) and segments. */
function published(
  version: number,
  flags: Record<string, number>,
  segments: Record<string, number> = {},
): PublishedDocument {
  const result = validateDocument({
    schemaVersion: 1,
    environment: "production",
    version,
    flags: Object.fromEntries(Object.entries(flags).map(([key, v]) => [key, flag(key, v)])),
    segments: Object.fromEntries(
      Object.entries(segments).map(([key, v]) => [key, { key, version: v, included: ["a"] }]),
    ),
  });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return new PublishedDocument("env_1", "shop", result.document);
}

const summary = (groups: ReturnType<DocumentHistory["changesSince"]>) =>
  groups?.map(({ version, changes }) => ({
    version,
    changes: changes.map(
      (change) => `${"deleted" in change ? "-" : "+"}${change.kind}:${change.key}`,
    ),
  }));

describe("DocumentHistory", () => {
  it("groups changes by version, oldest first, with removals as deletions", () => {
    const history = new DocumentHistory();
    const v1 = published(1, { a: 1, b: 1, c: 1 }, { s: 1 });
    const v2 = published(2, { a: 2, b: 2, c: 1 }, { s: 1 });
    const v3 = published(3, { a: 2, b: 2 }, {});
    history.record(undefined, v1);
    history.record(v1, v2);
    history.record(v2, v3);
    expect(summary(history.changesSince(v3, 1))).toEqual([
      { version: 2, changes: ["+flag:a", "+flag:b"] },
      { version: 3, changes: ["-flag:c", "-segment:s"] },
    ]);
    expect(summary(history.changesSince(v3, 2))).toEqual([
      { version: 3, changes: ["-flag:c", "-segment:s"] },
    ]);
    expect(history.changesSince(v3, 3)).toEqual([]);
  });

  it("sends a re-created entity as a patch, not a deletion", () => {
    const history = new DocumentHistory();
    const v1 = published(1, { a: 1 });
    const v2 = published(2, {});
    const v3 = published(3, { a: 3 });
    history.record(undefined, v1);
    history.record(v1, v2);
    history.record(v2, v3);
    expect(summary(history.changesSince(v3, 1))).toEqual([{ version: 3, changes: ["+flag:a"] }]);
    expect(summary(history.changesSince(v3, 2))).toEqual([{ version: 3, changes: ["+flag:a"] }]);
  });

  it("cannot tell what happened before the first version it saw, nor after the current one", () => {
    const history = new DocumentHistory();
    const v5 = published(5, { a: 5 });
    history.record(undefined, v5);
    expect(history.changesSince(v5, 4)).toBeNull();
    expect(history.changesSince(v5, 6)).toBeNull();
    expect(history.changesSince(v5, 5)).toEqual([]);
  });

  it("forgets the oldest tombstones past its bound, and with them the older versions", () => {
    const history = new DocumentHistory(2);
    const docs = [
      published(1, { a: 1, b: 1, c: 1 }),
      published(2, { b: 1, c: 1 }),
      published(3, { c: 1 }),
      published(4, {}),
    ];
    history.record(undefined, docs[0] as PublishedDocument);
    for (let index = 1; index < docs.length; index += 1) {
      history.record(docs[index - 1], docs[index] as PublishedDocument);
    }
    const last = docs[3] as PublishedDocument;
    expect(history.changesSince(last, 1)).toBeNull();
    expect(summary(history.changesSince(last, 2))).toEqual([
      { version: 3, changes: ["-flag:b"] },
      { version: 4, changes: ["-flag:c"] },
    ]);
  });

  it("starts over when a document changed an entity without a newer version", () => {
    const history = new DocumentHistory();
    const v1 = published(1, { a: 1, b: 1 });
    // b went back to an older version: a restored backup, or data edited by hand.
    const v2 = published(2, { a: 2, b: 0 });
    history.record(undefined, v1);
    history.record(v1, v2);
    expect(history.changesSince(v2, 1)).toBeNull();
    expect(history.changesSince(v2, 2)).toEqual([]);
  });
});
