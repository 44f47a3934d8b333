/**
 * Streaming updates: one flag or segment replaced or removed in a validated document, without
 * validating the whole document again. Only the changed item is compiled; references between
 * flags and segments are re-checked across the document (cheap next to compiling).
 */
import { compileFlag } from "./compile-flag.js";
import { compileSegment } from "./compile-segment.js";
import { CompiledDocument } from "./compiled-document.js";
import { isRecord, ProblemList, pointer } from "./problems.js";
import type { Flag, FlagDocument, Segment, ValidationResult } from "./types.js";
import { completeDocument, copyJson, NOT_JSON, validateDocument } from "./validate.js";

export type PatchKind = "flag" | "segment";

/** A new or changed flag or segment, as the `patch` event of the stream carries it. */
export interface DocumentPatch {
  kind: PatchKind;
  key: string;
  data: Flag | Segment;
}

/** A removed flag or segment, as the `delete` event of the stream carries it. */
export interface DocumentDeletion {
  kind: PatchKind;
  key: string;
  version: number;
}

/** A patch result: `applied` is false when the document already had this version or a newer one. */
export type PatchResult =
  | { ok: true; document: FlagDocument; applied: boolean }
  | { ok: false; errors: { path: string; message: string }[] };

/**
 * `document` with `patch.data` in place of the flag or segment `patch.key`, when its version is
 * newer than the one the document holds (or the document has none).
 *
 * @example
 * const next = applyPatch(current, JSON.parse(event.data));
 * if (next.ok && next.applied) current = next.document;
 */
export function applyPatch(document: FlagDocument, patch: unknown): PatchResult {
  if (
    !isRecord(patch) ||
    (patch.kind !== "flag" && patch.kind !== "segment") ||
    typeof patch.key !== "string"
  ) {
    return refused("", 'a patch is { kind: "flag" | "segment", key, data }');
  }
  const { kind, key } = patch;
  const data = copyJson(patch.data, 1);
  if (data === NOT_JSON || !isRecord(data) || typeof data.version !== "number") {
    return refused("/data", `${kind} "${key}": data must be a ${kind} object with a version`);
  }
  const current = collection(document, kind)[key];
  if (current && current.version >= data.version) return { ok: true, document, applied: false };
  return rebuild(document, kind, key, data);
}

/** `document` without the flag or segment `deletion.key`, unless it holds a newer version. */
export function applyDelete(document: FlagDocument, deletion: unknown): PatchResult {
  if (
    !isRecord(deletion) ||
    (deletion.kind !== "flag" && deletion.kind !== "segment") ||
    typeof deletion.key !== "string" ||
    typeof deletion.version !== "number"
  ) {
    return refused("", 'a deletion is { kind: "flag" | "segment", key, version }');
  }
  const current = collection(document, deletion.kind)[deletion.key];
  if (!current || current.version > deletion.version) return { ok: true, document, applied: false };
  return rebuild(document, deletion.kind, deletion.key, undefined);
}

function rebuild(
  document: FlagDocument,
  kind: PatchKind,
  key: string,
  data: Record<string, unknown> | undefined,
): PatchResult {
  const field = kind === "flag" ? "flags" : "segments";
  const items: Record<string, unknown> = { ...collection(document, kind) };
  if (data) items[key] = data;
  else delete items[key];
  const next: Record<string, unknown> = { ...document, [field]: Object.freeze(items) };

  const compiled = CompiledDocument.of(document);
  if (!compiled.complete) return withApplied(validateDocument(next));
  const maps = compiled.copyMaps();
  const problems = new ProblemList();
  if (kind === "flag") {
    maps.flags.delete(key);
    const flag = data && compileFlag(data, key, pointer("/flags", key), problems);
    if (flag) maps.flags.set(key, flag);
  } else {
    maps.segments.delete(key);
    const segment = data && compileSegment(data, key, pointer("/segments", key), problems);
    if (segment) maps.segments.set(key, segment);
  }
  if (!problems.isEmpty) return { ok: false, errors: problems.errors };
  return withApplied(completeDocument(next, maps.flags, maps.segments, problems));
}

function collection(document: FlagDocument, kind: PatchKind): Record<string, { version: number }> {
  const items = kind === "flag" ? document.flags : document.segments;
  return isRecord(items) ? (items as Record<string, { version: number }>) : {};
}

function withApplied(result: ValidationResult): PatchResult {
  return result.ok ? { ok: true, document: result.document, applied: true } : result;
}

function refused(path: string, message: string): PatchResult {
  return { ok: false, errors: [{ path, message }] };
}
