import { describe, expect, it } from "vitest";
import { evaluate } from "./evaluate.js";
import { applyDelete, applyPatch } from "./patch.js";
import { booleanFlag, documentOf } from "./test-documents.js";
import type { FlagDocument } from "./types.js";
import { validateDocument } from "./validate.js";

function validated(document: FlagDocument): FlagDocument {
  const checked = validateDocument(document);
  if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
  return checked.document;
}

const base = validated(
  documentOf(
    [booleanFlag("a"), booleanFlag("b", { prerequisites: [{ flag: "a", variation: "on" }] })],
    {
      staff: { key: "staff", version: 1, included: ["ann"] },
    },
  ),
);

describe("applyPatch", () => {
  it("replaces a flag when the patch is newer, and evaluation sees it at once", () => {
    const next = applyPatch(base, {
      kind: "flag",
      key: "a",
      data: booleanFlag("a", { version: 2, enabled: false }),
    });
    if (!next.ok) throw new Error(JSON.stringify(next.errors));
    expect(next.applied).toBe(true);
    expect(evaluate(next.document, "a", { key: "x" }, true).reason.kind).toBe("OFF");
    expect(evaluate(next.document, "b", { key: "x" }, true).reason.kind).toBe(
      "PREREQUISITE_FAILED",
    );
    expect(evaluate(base, "a", { key: "x" }, true).reason.kind).toBe("FALLTHROUGH");
    expect(Object.isFrozen(next.document.flags)).toBe(true);
  });

  it("ignores a patch that is not newer than what the document holds", () => {
    const next = applyPatch(base, {
      kind: "flag",
      key: "a",
      data: booleanFlag("a", { version: 1, enabled: false }),
    });
    expect(next).toEqual({ ok: true, document: base, applied: false });
  });

  it("adds new flags and segments", () => {
    const next = applyPatch(base, {
      kind: "segment",
      key: "beta",
      data: { key: "beta", version: 1, included: ["bo"] },
    });
    expect(next.ok && next.applied && next.document.segments.beta?.included).toEqual(["bo"]);
  });

  it("refuses a patch that would break the document, naming the field", () => {
    const broken = applyPatch(base, {
      kind: "flag",
      key: "a",
      data: booleanFlag("a", { version: 5, offVariation: 9 }),
    });
    expect(broken.ok ? [] : broken.errors.map((error) => error.path)).toContain(
      "/flags/a/offVariation",
    );
    const dangling = applyPatch(base, {
      kind: "flag",
      key: "c",
      data: booleanFlag("c", { prerequisites: [{ flag: "ghost", variation: "on" }] }),
    });
    expect(dangling.ok).toBe(false);
    expect(applyPatch(base, { kind: "rule", key: "a", data: {} }).ok).toBe(false);
    expect(applyPatch(base, null).ok).toBe(false);
  });
});

describe("applyDelete", () => {
  it("removes a flag no other flag depends on", () => {
    const withC = applyPatch(base, { kind: "flag", key: "c", data: booleanFlag("c") });
    if (!withC.ok) throw new Error("setup");
    const next = applyDelete(withC.document, { kind: "flag", key: "c", version: 1 });
    expect(next.ok && next.applied && Object.keys(next.document.flags)).toEqual(["a", "b"]);
  });

  it("refuses to remove a prerequisite others still use, and ignores stale deletions", () => {
    expect(applyDelete(base, { kind: "flag", key: "a", version: 3 }).ok).toBe(false);
    const newer = applyPatch(base, {
      kind: "segment",
      key: "staff",
      data: { key: "staff", version: 4 },
    });
    if (!newer.ok) throw new Error("setup");
    expect(
      applyDelete(newer.document, { kind: "segment", key: "staff", version: 2 }),
    ).toMatchObject({ applied: false });
  });

  it("works on a raw (unvalidated) document by validating the result", () => {
    const raw = JSON.parse(JSON.stringify(base)) as FlagDocument;
    const next = applyDelete(raw, { kind: "flag", key: "b", version: 1 });
    expect(next.ok && next.applied && evaluate(next.document, "b", {}).reason.errorKind).toBe(
      "FLAG_NOT_FOUND",
    );
  });
});
