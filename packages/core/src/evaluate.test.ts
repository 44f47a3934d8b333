import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluate, evaluateAll } from "./evaluate.js";
import { booleanFlag, documentOf } from "./test-documents.js";
import type { Flag, FlagDocument } from "./types.js";
import { validateDocument } from "./validate.js";

function validated(document: FlagDocument): FlagDocument {
  const checked = validateDocument(document);
  if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
  return checked.document;
}

const ordered = validated(
  documentOf(
    [
      booleanFlag("gate"),
      booleanFlag("checkout", {
        prerequisites: [{ flag: "gate", variation: "on" }],
        targets: [{ variation: 0, values: ["blocked-user"] }],
        rules: [
          {
            id: "staff",
            clauses: [{ attribute: "email", op: "endsWith", values: ["@acme.com"] }],
            serve: { variation: 1 },
          },
          {
            id: "everyone-else-in-de",
            clauses: [{ attribute: "country", op: "in", values: ["DE"] }],
            serve: { variation: 0 },
          },
          {
            id: "beta",
            clauses: [{ attribute: "key", op: "inSegment", values: ["beta"] }],
            serve: { variation: 1 },
          },
        ],
        fallthrough: { variation: 0 },
      }),
    ],
    { beta: { key: "beta", version: 1, included: ["tester"], excluded: [], rules: [] } },
  ),
);

describe("evaluate: the first answer wins", () => {
  it("serves targets before rules, rules in order, then the fallthrough", () => {
    const cases = [
      [{ key: "blocked-user", email: "b@acme.com" }, "TARGET_MATCH", false],
      [{ key: "ann", email: "ann@acme.com", country: "DE" }, "RULE_MATCH", true],
      [{ key: "bob", country: "DE" }, "RULE_MATCH", false],
      [{ key: "tester" }, "RULE_MATCH", true],
      [{ key: "carol" }, "FALLTHROUGH", false],
    ] as const;
    for (const [context, kind, value] of cases) {
      const result = evaluate(ordered, "checkout", context, false);
      expect([result.reason.kind, result.value], JSON.stringify(context)).toEqual([kind, value]);
    }
    expect(evaluate(ordered, "checkout", { key: "ann", email: "ann@acme.com" }).reason.ruleId).toBe(
      "staff",
    );
  });

  it("checks prerequisites before targets, and 'off' before everything", () => {
    const gateOff = validated({
      ...ordered,
      flags: { ...ordered.flags, gate: booleanFlag("gate", { enabled: false }) },
    });
    expect(evaluate(gateOff, "checkout", { key: "blocked-user" }, true).reason).toEqual({
      kind: "PREREQUISITE_FAILED",
      prerequisiteKey: "gate",
    });
    const off = validated({
      ...ordered,
      flags: {
        ...ordered.flags,
        checkout: { ...(ordered.flags.checkout as Flag), enabled: false },
      },
    });
    expect(evaluate(off, "checkout", { key: "ann", email: "ann@acme.com" }, true)).toMatchObject({
      value: false,
      variationKey: "off",
      reason: { kind: "OFF" },
    });
  });

  it("answers unknown flags and wrongly typed defaults with the default and an error reason", () => {
    expect(evaluate(ordered, "nope", { key: "a" }, "fallback")).toEqual({
      value: "fallback",
      variationIndex: null,
      variationKey: null,
      reason: { kind: "ERROR", errorKind: "FLAG_NOT_FOUND" },
    });
    expect(evaluate(ordered, "gate", { key: "a" }, "text").reason.errorKind).toBe("WRONG_TYPE");
    expect(evaluate(ordered, "gate", { key: "a" }, 0).reason.errorKind).toBe("WRONG_TYPE");
    expect(evaluate(ordered, "gate", { key: "a" }, { any: "json" }).value).toBe(true);
    expect(evaluate(ordered, "nope", { key: "a" }).value).toBeNull();
  });

  it("gives the same answers for a raw document as for its validated copy", () => {
    const raw = JSON.parse(JSON.stringify(ordered)) as FlagDocument;
    for (const key of ["ann", "bob", "tester", "blocked-user", "carol"]) {
      const context = { key, email: `${key}@acme.com`, country: "DE" };
      expect(evaluate(raw, "checkout", context, false)).toEqual(
        evaluate(ordered, "checkout", context, false),
      );
    }
  });

  it("reads only the context's own attributes", () => {
    const document = validated(
      documentOf([
        booleanFlag("probe", {
          rules: [
            {
              id: "r",
              clauses: [{ attribute: "constructor", op: "exists", values: [] }],
              serve: { variation: 0 },
            },
          ],
        }),
      ]),
    );
    expect(evaluate(document, "probe", { key: "a" }, false).reason.kind).toBe("FALLTHROUGH");
    expect(
      evaluate(document, "probe", JSON.parse('{"__proto__": {"constructor": 1}}'), false).reason
        .kind,
    ).toBe("FALLTHROUGH");
  });

  it("turns cycles in raw documents into MALFORMED_FLAG instead of recursing forever", () => {
    const cyclic = documentOf(
      [
        booleanFlag("a", { prerequisites: [{ flag: "b", variation: "on" }] }),
        booleanFlag("b", { prerequisites: [{ flag: "a", variation: "on" }] }),
        booleanFlag("s", {
          rules: [
            {
              id: "r",
              clauses: [{ attribute: "key", op: "inSegment", values: ["x"] }],
              serve: { variation: 0 },
            },
          ],
        }),
      ],
      {
        x: {
          key: "x",
          version: 1,
          rules: [{ clauses: [{ attribute: "key", op: "inSegment", values: ["y"] }] }],
        },
        y: {
          key: "y",
          version: 1,
          rules: [{ clauses: [{ attribute: "key", op: "inSegment", values: ["x"] }] }],
        },
      },
    );
    expect(evaluate(cyclic, "a", { key: "u" }, true).reason).toEqual({
      kind: "ERROR",
      errorKind: "MALFORMED_FLAG",
    });
    expect(evaluate(cyclic, "s", { key: "u" }, true).reason).toEqual({
      kind: "ERROR",
      errorKind: "MALFORMED_FLAG",
    });
  });

  it("hands out shared, frozen results for a validated document", () => {
    const first = evaluate(ordered, "gate", { key: "a" });
    expect(evaluate(ordered, "gate", { key: "b" })).toBe(first);
    expect(Object.isFrozen(first) && Object.isFrozen(first.reason)).toBe(true);
  });

  it("never throws, whatever the document, flag key, context or default", () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error("boom");
        },
        ownKeys() {
          throw new Error("boom");
        },
      },
    );
    fc.assert(
      fc.property(
        fc.oneof(fc.anything(), fc.constant(hostile), fc.constant(ordered)),
        fc.oneof(fc.string(), fc.constantFrom("checkout", "gate", "__proto__")),
        fc.oneof(fc.anything(), fc.constant(hostile)),
        fc.anything(),
        (document, flagKey, context, defaultValue) => {
          const result = evaluate(
            document as FlagDocument,
            flagKey,
            context as never,
            defaultValue,
          );
          expect(result).toHaveProperty("reason.kind");
          expect(typeof evaluateAll(document as FlagDocument, context as never)).toBe("object");
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe("evaluateAll", () => {
  it("evaluates every flag for the context", () => {
    const all = evaluateAll(ordered, { key: "ann", email: "ann@acme.com" });
    expect(Object.keys(all).sort()).toEqual(["checkout", "gate"]);
    expect(all.checkout?.reason).toEqual({ kind: "RULE_MATCH", ruleId: "staff" });
  });
});
