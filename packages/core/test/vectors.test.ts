/**
 * The shared vectors of packages/spec, run against the TypeScript core: the same files the
 * Python and Go SDKs run, each case a test named by its description.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  bucket,
  type EvaluationContext,
  type EvaluationResult,
  evaluate,
  type FlagDocument,
  type JsonValue,
  validateDocument,
  xxh32,
} from "../src/index.js";

const vectorsDirectory = new URL("../../spec/vectors/", import.meta.url);

interface Manifest {
  specVersion: number;
  files: Array<{ file: string; kind: "xxh32" | "bucket" | "evaluation" | "validation" }>;
}

interface VectorFile<Case> {
  specVersion: number;
  description: string;
  document?: unknown;
  cases: Case[];
}

interface Xxh32Case {
  description: string;
  input: string;
  seed: number;
  expected: number;
}

interface BucketCase {
  description: string;
  salt: string;
  value: string;
  expected: number;
}

interface EvaluationCase {
  description: string;
  flagKey: string;
  context: unknown;
  default?: JsonValue;
  expected: EvaluationResult;
}

interface ValidationCase {
  description: string;
  document: unknown;
  valid: boolean;
  errorPaths?: string[];
}

function read<T>(file: string): T {
  return JSON.parse(readFileSync(new URL(file, vectorsDirectory), "utf8")) as T;
}

const manifest = read<Manifest>("index.json");
const filesOf = (kind: Manifest["files"][number]["kind"]) =>
  manifest.files.filter((entry) => entry.kind === kind).map((entry) => entry.file);

it("reads specVersion 1 vectors of every kind", () => {
  expect(manifest.specVersion).toBe(1);
  for (const kind of ["xxh32", "bucket", "evaluation", "validation"] as const) {
    expect(filesOf(kind).length, kind).toBeGreaterThan(0);
  }
});

describe.each(filesOf("xxh32"))("%s", (file) => {
  it.each(read<VectorFile<Xxh32Case>>(file).cases)("$description", (vector) => {
    expect(xxh32(vector.input, vector.seed)).toBe(vector.expected);
  });
});

describe.each(filesOf("bucket"))("%s", (file) => {
  it.each(read<VectorFile<BucketCase>>(file).cases)("$description", (vector) => {
    expect(bucket(vector.salt, vector.value)).toBe(vector.expected);
  });
});

/** Evaluates a case as an SDK would: no default argument when the case gives none. */
function evaluateCase(document: FlagDocument, vector: EvaluationCase): EvaluationResult {
  // The vectors' contexts are any JSON (non-objects included): evaluate must cope.
  const context = vector.context as EvaluationContext;
  return "default" in vector
    ? evaluate(document, vector.flagKey, context, vector.default)
    : evaluate(document, vector.flagKey, context);
}

describe.each(filesOf("evaluation"))("%s", (file) => {
  const vectors = read<VectorFile<EvaluationCase>>(file);
  // The raw document is evaluated directly (some flags are broken on purpose); when it
  // happens to be valid, the validated and compiled document must answer the same.
  const raw = vectors.document as FlagDocument;
  const validated = validateDocument(structuredClone(vectors.document));

  it.each(vectors.cases)("$description", (vector) => {
    // toStrictEqual: a reason field absent in the expectation must be absent in the result.
    expect(evaluateCase(raw, vector)).toStrictEqual(vector.expected);
    if (validated.ok) {
      expect(evaluateCase(validated.document, vector), "validated document").toStrictEqual(
        vector.expected,
      );
    }
  });
});

describe.each(filesOf("validation"))("%s", (file) => {
  it.each(read<VectorFile<ValidationCase>>(file).cases)("$description", (vector) => {
    const result = validateDocument(vector.document);
    if (vector.valid) {
      expect(result.ok ? [] : result.errors).toEqual([]);
      return;
    }
    expect(result.ok, "an invalid document was accepted").toBe(false);
    const reported = result.ok ? [] : result.errors.map((error) => error.path);
    for (const path of vector.errorPaths ?? []) {
      expect(reported, `no error names ${JSON.stringify(path)}`).toContain(path);
    }
  });
});
