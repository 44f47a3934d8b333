/**
 * Checks the vector files themselves (not an SDK): the manifest matches the directory, every
 * file and case has the fields the format promises, expectations agree with their own
 * documents, and the documents marked valid satisfy the JSON Schema.
 */
import { isDeepStrictEqual } from "node:util";
import { OPERATORS } from "@flagswitch/core";
import Ajv2020 from "ajv/dist/2020";
import { describe, expect, it } from "vitest";
import {
  type ManifestEntry,
  readJson,
  readManifest,
  readVectorFile,
  schemaFile,
  VECTOR_KINDS,
  type VectorFile,
  vectorFileNames,
} from "./vector-files.ts";

const REASON_KINDS = [
  "OFF",
  "TARGET_MATCH",
  "RULE_MATCH",
  "FALLTHROUGH",
  "PREREQUISITE_FAILED",
  "ERROR",
];
const ERROR_KINDS = ["FLAG_NOT_FOUND", "WRONG_TYPE", "MALFORMED_FLAG"];
const REASON_FIELDS = ["kind", "ruleId", "errorKind", "prerequisiteKey", "inExperiment"];
const RESULT_FIELDS = ["reason", "value", "variationIndex", "variationKey"];
const UINT32_MAX = 0xffff_ffff;

type Record_ = Record<string, unknown>;

function isRecord(value: unknown): value is Record_ {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function hasOwn(value: Record_, key: string): boolean {
  return Object.hasOwn(value, key);
}

function isIndex(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0;
}

const manifest = readManifest();
const files = manifest.files.map((entry) => ({ ...entry, content: readVectorFile(entry.file) }));
const filesOfKind = (kind: ManifestEntry["kind"]) => files.filter((file) => file.kind === kind);
const caseCount = (kind: ManifestEntry["kind"]) =>
  filesOfKind(kind).reduce((total, file) => total + file.content.cases.length, 0);

describe("index.json", () => {
  it("is specVersion 1", () => {
    expect(manifest.specVersion).toBe(1);
  });

  it("lists every vector file of the directory, and only those", () => {
    const listed = manifest.files.map((entry) => entry.file).sort();
    expect(listed).toEqual(vectorFileNames());
  });

  it("lists each file once, with a known kind and a numbered name", () => {
    const names = manifest.files.map((entry) => entry.file);
    expect(new Set(names).size).toBe(names.length);
    for (const entry of manifest.files) {
      expect(VECTOR_KINDS, entry.file).toContain(entry.kind);
      expect(entry.file).toMatch(/^\d{2}-[a-z0-9-]+\.json$/);
    }
  });

  it("holds at least the promised number of cases of each kind", () => {
    expect(caseCount("xxh32")).toBeGreaterThanOrEqual(30);
    expect(caseCount("bucket")).toBeGreaterThanOrEqual(300);
    expect(caseCount("evaluation")).toBeGreaterThanOrEqual(200);
    expect(caseCount("validation")).toBeGreaterThanOrEqual(40);
  });

  it("gives every file its own description", () => {
    const descriptions = files.map((file) => file.content.description);
    expect(new Set(descriptions).size).toBe(descriptions.length);
  });
});

describe.each(files)("$file", ({ kind, content }) => {
  it("is specVersion 1 with a description and cases", () => {
    expect(content.specVersion).toBe(1);
    expect(typeof content.description).toBe("string");
    expect(content.description.length).toBeGreaterThan(0);
    expect(Array.isArray(content.cases)).toBe(true);
    expect(content.cases.length).toBeGreaterThan(0);
  });

  it("gives every case a unique, non-empty description", () => {
    const descriptions = content.cases.map((item) => item.description);
    for (const description of descriptions) {
      expect(typeof description === "string" && description.trim().length > 0).toBe(true);
    }
    const repeated = descriptions.filter((text, index) => descriptions.indexOf(text) !== index);
    expect(repeated).toEqual([]);
  });

  it(`gives every case the fields of its kind (${kind})`, () => {
    expect(caseProblems(kind, content)).toEqual([]);
  });
});

function caseProblems(kind: ManifestEntry["kind"], file: VectorFile): string[] {
  const check = {
    xxh32: xxh32Problems,
    bucket: bucketProblems,
    evaluation: (item: Record_) => evaluationProblems(item, file.document),
    validation: validationProblems,
  }[kind];
  const problems: string[] = [];
  if (kind === "evaluation") problems.push(...documentProblems(file.document));
  for (const item of file.cases) {
    for (const problem of check(item)) problems.push(`${String(item.description)}: ${problem}`);
  }
  return problems;
}

function xxh32Problems(item: Record_): string[] {
  const problems: string[] = [];
  if (typeof item.input !== "string") problems.push("input is not a string");
  for (const field of ["seed", "expected"]) {
    const value = item[field];
    if (!isIndex(value) || value > UINT32_MAX) problems.push(`${field} is not a uint32`);
  }
  return problems;
}

function bucketProblems(item: Record_): string[] {
  const problems: string[] = [];
  if (typeof item.salt !== "string") problems.push("salt is not a string");
  if (typeof item.value !== "string") problems.push("value is not a string");
  if (!isIndex(item.expected) || item.expected > 99_999) {
    problems.push("expected is not a bucket 0…99999");
  }
  return problems;
}

/** Loose: the evaluation documents are raw and some flags are broken on purpose. */
function documentProblems(document: unknown): string[] {
  if (!isRecord(document)) return ["document is not an object"];
  const problems: string[] = [];
  if (document.schemaVersion !== 1) problems.push("document schemaVersion is not 1");
  if (!isRecord(document.flags)) problems.push("document flags is not an object");
  if (!isRecord(document.segments)) problems.push("document segments is not an object");
  return problems;
}

function evaluationProblems(item: Record_, document: unknown): string[] {
  const problems: string[] = [];
  if (typeof item.flagKey !== "string") problems.push("flagKey is not a string");
  if (!hasOwn(item, "context")) problems.push("context is missing");
  const expected = item.expected;
  if (!isRecord(expected)) return [...problems, "expected is not an object"];
  const fields = Object.keys(expected).sort();
  if (!isDeepStrictEqual(fields, RESULT_FIELDS)) {
    problems.push(`expected has fields ${fields.join(", ")}, not ${RESULT_FIELDS.join(", ")}`);
  }
  const reason = expected.reason;
  if (!isRecord(reason)) return [...problems, "expected.reason is not an object"];
  problems.push(...reasonProblems(reason));

  if (reason.kind === "ERROR") {
    if (expected.variationIndex !== null || expected.variationKey !== null) {
      problems.push("an ERROR serves the default: variationIndex and variationKey are null");
    }
    if (!hasOwn(item, "default")) {
      problems.push("an ERROR case must give a default, the value it expects");
    } else if (!isDeepStrictEqual(expected.value, item.default)) {
      problems.push("an ERROR case must expect the default as its value");
    }
    const flags = isRecord(document) && isRecord(document.flags) ? document.flags : {};
    const known = typeof item.flagKey === "string" && hasOwn(flags, item.flagKey);
    if ((reason.errorKind === "FLAG_NOT_FOUND") === known) {
      problems.push("FLAG_NOT_FOUND must be expected exactly when the document lacks the flag");
    }
  } else {
    problems.push(...servedVariationProblems(item, expected, document));
  }
  return problems;
}

function reasonProblems(reason: Record_): string[] {
  const problems: string[] = [];
  const unknown = Object.keys(reason).filter((field) => !REASON_FIELDS.includes(field));
  if (unknown.length > 0) problems.push(`reason has unknown fields ${unknown.join(", ")}`);
  if (!REASON_KINDS.includes(String(reason.kind))) problems.push("reason.kind is unknown");
  const expectField = (field: string, when: boolean, valid: (value: unknown) => boolean) => {
    if (hasOwn(reason, field) !== when) {
      problems.push(`reason.${field} must be ${when ? "present" : "absent"} for ${reason.kind}`);
    } else if (when && !valid(reason[field])) {
      problems.push(`reason.${field} has a wrong value`);
    }
  };
  const isString = (value: unknown) => typeof value === "string";
  expectField("ruleId", reason.kind === "RULE_MATCH", isString);
  expectField("prerequisiteKey", reason.kind === "PREREQUISITE_FAILED", isString);
  expectField("errorKind", reason.kind === "ERROR", (value) => ERROR_KINDS.includes(String(value)));
  if (hasOwn(reason, "inExperiment")) {
    if (reason.inExperiment !== true) problems.push("reason.inExperiment appears only as true");
    if (reason.kind !== "RULE_MATCH" && reason.kind !== "FALLTHROUGH") {
      problems.push("inExperiment comes only from a rule's or the fallthrough's rollout");
    }
  }
  return problems;
}

/** A served variation must be the one the document holds at that index. */
function servedVariationProblems(item: Record_, expected: Record_, document: unknown): string[] {
  const flags = isRecord(document) && isRecord(document.flags) ? document.flags : {};
  const flag = typeof item.flagKey === "string" ? flags[item.flagKey] : undefined;
  if (!isRecord(flag) || !Array.isArray(flag.variations)) {
    return ["a served variation needs the flag and its variations in the document"];
  }
  if (!isIndex(expected.variationIndex)) return ["variationIndex is not an index"];
  const variation: unknown = flag.variations[expected.variationIndex];
  if (!isRecord(variation)) return ["variationIndex is outside the flag's variations"];
  const problems: string[] = [];
  if (variation.key !== expected.variationKey) {
    problems.push(`variationKey is not the key of variation ${expected.variationIndex}`);
  }
  if (!isDeepStrictEqual(variation.value, expected.value)) {
    problems.push(`value is not the value of variation ${expected.variationIndex}`);
  }
  return problems;
}

function validationProblems(item: Record_): string[] {
  const problems: string[] = [];
  if (!hasOwn(item, "document")) problems.push("document is missing");
  if (typeof item.valid !== "boolean") return [...problems, "valid is not a boolean"];
  if (item.valid) {
    if (hasOwn(item, "errorPaths")) problems.push("a valid document lists no errorPaths");
    return problems;
  }
  const paths = item.errorPaths;
  if (!Array.isArray(paths) || paths.some((path) => typeof path !== "string")) {
    return [...problems, "errorPaths is not an array of strings"];
  }
  for (const path of paths as string[]) {
    if (path !== "" && !path.startsWith("/")) problems.push(`${path} is not a JSON Pointer`);
    else if (path !== "" && !pointerParentExists(item.document, path)) {
      problems.push(`${path} does not lead into the document`);
    }
  }
  return problems;
}

/** The pointer's parent must exist (the last token may name a missing field). */
function pointerParentExists(document: unknown, pointer: string): boolean {
  const tokens = pointer
    .slice(1)
    .split("/")
    .map((token) => token.replaceAll("~1", "/").replaceAll("~0", "~"));
  let node: unknown = document;
  for (const token of tokens.slice(0, -1)) {
    if (Array.isArray(node) && /^(0|[1-9]\d*)$/.test(token)) node = node[Number(token)];
    else if (isRecord(node) && hasOwn(node, token)) node = node[token];
    else return false;
  }
  return typeof node === "object" && node !== null;
}

describe("schema/flag-document.schema.json", () => {
  const schema = readJson(schemaFile) as Record_;
  const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
  const validate = ajv.compile(schema);

  it("is a strict draft 2020-12 schema", () => {
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(ajv.validateSchema(schema)).toBe(true);
  });

  it("lists exactly the operators of the core", () => {
    const defs = schema.$defs as Record<string, { enum?: unknown[] }>;
    expect(defs.operator?.enum).toEqual([...OPERATORS]);
  });

  const validDocuments = filesOfKind("validation").flatMap((file) =>
    file.content.cases.filter((item) => item.valid === true),
  );

  it.each(validDocuments)("accepts the valid document: $description", (item) => {
    const accepted = validate(item.document);
    expect(accepted ? [] : validate.errors).toEqual([]);
  });

  it("rejects documents of the wrong schemaVersion, types or operators", () => {
    const rejected = (description: string) => {
      const item = filesOfKind("validation")
        .flatMap((file) => file.content.cases)
        .find((entry) => entry.description === description);
      expect(item, description).toBeDefined();
      return !validate(item?.document);
    };
    expect(rejected("schemaVersion 2")).toBe(true);
    expect(rejected('flag enabled is the string "true"')).toBe(true);
    expect(rejected('unknown operator "between"')).toBe(true);
    expect(rejected("a negative weight (sum still 100000)")).toBe(true);
    expect(rejected("regex of 257 characters")).toBe(true);
    expect(rejected("semverEq with a leading v")).toBe(true);
    expect(rejected("before with a date-time without zone")).toBe(true);
  });
});
