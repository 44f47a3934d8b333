/**
 * The same 10,000 (flag, context, default) cases evaluated by the TypeScript core, the Go SDK
 * and the Python SDK must give identical results: value, variation and reason. Each SDK
 * evaluates through its conformance command, which reads `{ document, cases }` on stdin and
 * writes `{ results }`; documents are raw (some malformed on purpose), as in the vectors.
 *
 * Runs after every package's own tests (scripts/test.mjs), when the Python virtualenv and the
 * Go toolchain are in place.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type EvaluationResult,
  evaluate,
  type FlagDocument,
  OPERATORS,
  validateDocument,
} from "@flagswitch/core";
import { afterAll, describe, expect, it } from "vitest";
import { type CrossLanguageSet, randomCaseSets } from "./random-cases.js";

const packages = fileURLToPath(new URL("../..", import.meta.url));
const SEED = 20261125;
const sets = randomCaseSets(SEED, 20, 500);
const CASES = sets.reduce((count, set) => count + set.cases.length, 0);
/** Differences shown in a failure; the count of all of them is always given. */
const SHOWN = 10;

function typescriptResults(set: CrossLanguageSet): EvaluationResult<unknown>[] {
  return set.cases.map((item) =>
    evaluate(
      set.document as unknown as FlagDocument,
      item.flagKey,
      item.context as never,
      item.default,
    ),
  );
}
const expectedResults = sets.map(typescriptResults);

/** Runs an SDK's conformance command on one set and returns its results. */
function run(command: string, args: string[], cwd: string, set: CrossLanguageSet): unknown[] {
  const result = spawnSync(command, args, {
    cwd,
    input: JSON.stringify(set),
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(" ")} failed: ${result.stderr || result.error}`);
  const results = (JSON.parse(result.stdout) as { results?: unknown }).results;
  if (!Array.isArray(results) || results.length !== set.cases.length)
    throw new Error(`${command} ${args.join(" ")}: expected ${set.cases.length} results`);
  return results;
}

/** Every case on which `name` disagrees with TypeScript, one readable paragraph each. */
function differences(name: string, evaluateSet: (set: CrossLanguageSet) => unknown[]): string[] {
  const found: string[] = [];
  sets.forEach((set, setIndex) => {
    const actual = evaluateSet(set);
    expectedResults[setIndex]?.forEach((result, caseIndex) => {
      const expected = JSON.stringify(canonical(result));
      const got = JSON.stringify(canonical(actual[caseIndex]));
      if (got === expected) return;
      const item = set.cases[caseIndex];
      found.push(
        [
          `document ${setIndex}, case ${caseIndex}: flag "${item?.flagKey}"`,
          `  flag:       ${JSON.stringify((set.document.flags as Record<string, unknown>)[item?.flagKey ?? ""])}`,
          `  context:    ${JSON.stringify(item?.context)}`,
          `  default:    ${item && "default" in item ? JSON.stringify(item.default) : "(none)"}`,
          `  TypeScript: ${expected}`,
          `  ${`${name}:`.padEnd(11)} ${got}`,
        ].join("\n"),
      );
    });
  });
  return found;
}

function expectAgreement(name: string, found: string[]): void {
  const report = `${name} disagrees with TypeScript on ${found.length} of ${CASES} cases (seed ${SEED}); the first ${Math.min(SHOWN, found.length)}:\n\n${found.slice(0, SHOWN).join("\n\n")}`;
  expect(found.length, report).toBe(0);
}

/** Object keys sorted, so only content is compared; undefined members dropped, as JSON does. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.keys(value)
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .sort()
      .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
  );
}

const temporary = mkdtempSync(join(tmpdir(), "flagswitch-conformance-"));
afterAll(() => rmSync(temporary, { recursive: true, force: true }));

describe("the cross-language cases", () => {
  it("are 10,000", () => {
    expect(CASES).toBe(10_000);
  });

  it("reach every answer the evaluation can give", () => {
    const answers = new Map<string, number>();
    for (const result of expectedResults.flat()) {
      const { kind, errorKind, inExperiment } = result.reason;
      const answer = `${kind}${errorKind ? `/${errorKind}` : ""}${inExperiment ? " in experiment" : ""}`;
      answers.set(answer, (answers.get(answer) ?? 0) + 1);
    }
    const expected = [
      "OFF",
      "TARGET_MATCH",
      "RULE_MATCH",
      "RULE_MATCH in experiment",
      "FALLTHROUGH",
      "FALLTHROUGH in experiment",
      "PREREQUISITE_FAILED",
      "ERROR/FLAG_NOT_FOUND",
      "ERROR/WRONG_TYPE",
      "ERROR/MALFORMED_FLAG",
    ];
    // At least 1 % of the cases each: a rare answer would be checked on a handful of cases only.
    for (const answer of expected)
      expect(answers.get(answer) ?? 0, answer).toBeGreaterThan(CASES / 100);
    // Malformed data is a small part: most cases must exercise the rules, not the error path.
    expect(answers.get("ERROR/MALFORMED_FLAG") ?? 0).toBeLessThan(CASES / 5);
  });

  it("use every operator, segments, prerequisites, rollouts, experiments, valid and invalid documents", () => {
    const text = JSON.stringify(sets.map((set) => set.document));
    for (const op of OPERATORS) {
      expect(text, op).toContain(`"op":"${op}"`);
    }
    for (const feature of [
      '"prerequisites"',
      '"rollout"',
      '"bucketBy"',
      '"experiment"',
      '"included"',
      '"excluded"',
      '"negate"',
      '"salt"',
    ]) {
      expect(text, feature).toContain(feature);
    }
    const valid = sets.filter((set) => validateDocument(set.document).ok).length;
    expect(valid).toBeGreaterThan(0);
    expect(valid).toBeLessThan(sets.length);
  });
});

describe("TypeScript, Go and Python agree", () => {
  it("Go: zero differences over 10,000 cases", () => {
    const goPackage = join(packages, "sdk-go");
    const binary = join(temporary, "flagswitch-conformance");
    const build = spawnSync("go", ["build", "-o", binary, "./cmd/flagswitch-conformance"], {
      cwd: goPackage,
      encoding: "utf8",
    });
    if (build.status !== 0) throw new Error(`go build failed: ${build.stderr || build.error}`);
    expectAgreement(
      "Go",
      differences("Go", (set) => run(binary, [], goPackage, set)),
    );
  });

  it("Python: zero differences over 10,000 cases", () => {
    const pythonPackage = join(packages, "sdk-python");
    const python = join(pythonPackage, ".venv", "bin", "python");
    if (!existsSync(python))
      throw new Error(`${python} is missing: run the Python SDK's tests first (npm test does)`);
    expectAgreement(
      "Python",
      differences("Python", (set) =>
        run(python, ["-m", "flagswitch.conformance"], pythonPackage, set),
      ),
    );
  });
});
