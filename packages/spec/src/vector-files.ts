/**
 * The shapes of the shared vector files and a reader for them. The vectors are plain JSON so
 * that any language can run them; these types only describe what the TypeScript tests expect.
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const VECTOR_KINDS = ["xxh32", "bucket", "evaluation", "validation"] as const;
export type VectorKind = (typeof VECTOR_KINDS)[number];

export interface ManifestEntry {
  file: string;
  kind: VectorKind;
}

export interface Manifest {
  specVersion: number;
  files: ManifestEntry[];
}

/** The fields every vector file shares; the rest depends on its kind. */
export interface VectorFile {
  specVersion: number;
  description: string;
  document?: unknown;
  cases: Array<Record<string, unknown>>;
}

export const vectorsDirectory = fileURLToPath(new URL("../vectors/", import.meta.url));
export const schemaFile = fileURLToPath(
  new URL("../schema/flag-document.schema.json", import.meta.url),
);

export function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, "utf8"));
}

export function readManifest(): Manifest {
  return readJson(`${vectorsDirectory}index.json`) as Manifest;
}

export function readVectorFile(file: string): VectorFile {
  return readJson(`${vectorsDirectory}${file}`) as VectorFile;
}

/** Every JSON file of the vectors directory except the manifest itself. */
export function vectorFileNames(): string[] {
  return readdirSync(vectorsDirectory)
    .filter((name) => name.endsWith(".json") && name !== "index.json")
    .sort();
}
