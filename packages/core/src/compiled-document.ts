/**
 * A document's flags and segments in compiled form. `validateDocument` compiles everything up
 * front and attaches the result to the document it returns; a document that did not come from
 * `validateDocument` is compiled lazily, one flag or segment at a time, for a single call.
 */
import { type CompiledFlag, compileFlag } from "./compile-flag.js";
import { type CompiledSegment, compileSegment } from "./compile-segment.js";
import { isRecord, ownField, ProblemList } from "./problems.js";

/** Where a validated document keeps its compiled form (non-enumerable: JSON never sees it). */
const COMPILED: unique symbol = Symbol("flagswitch.compiled");

/** `null` marks a flag or segment that exists but is malformed. */
type Entry<T> = T | null;

export class CompiledDocument {
  private readonly flags: Map<string, Entry<CompiledFlag>>;
  private readonly segments: Map<string, Entry<CompiledSegment>>;
  private readonly rawFlags: Record<string, unknown>;
  private readonly rawSegments: Record<string, unknown>;
  /** True when every flag and segment was compiled (and checked) up front, by validation. */
  readonly complete: boolean;

  /**
   * A lazy compiled form of `raw`, or, given the maps, the complete one validation built.
   */
  constructor(
    raw: unknown,
    compiled?: { flags: Map<string, CompiledFlag>; segments: Map<string, CompiledSegment> },
  ) {
    const document = isRecord(raw) ? raw : {};
    const flags = ownField(document, "flags");
    const segments = ownField(document, "segments");
    this.rawFlags = isRecord(flags) ? flags : {};
    this.rawSegments = isRecord(segments) ? segments : {};
    this.flags = compiled ? compiled.flags : new Map();
    this.segments = compiled ? compiled.segments : new Map();
    this.complete = compiled !== undefined;
  }

  /** The compiled flag, `null` when it is malformed, `undefined` when there is no such flag. */
  flag(key: string): Entry<CompiledFlag> | undefined {
    const known = this.flags.get(key);
    if (known !== undefined || this.flags.has(key)) return known;
    const raw = ownField(this.rawFlags, key);
    if (raw === undefined) return undefined;
    const compiled = compileFlag(raw, key, "", new ProblemList()) ?? null;
    this.flags.set(key, compiled);
    return compiled;
  }

  /** The compiled segment, `null` when it is malformed, `undefined` when there is no such segment. */
  segment(key: string): Entry<CompiledSegment> | undefined {
    const known = this.segments.get(key);
    if (known !== undefined || this.segments.has(key)) return known;
    const raw = ownField(this.rawSegments, key);
    if (raw === undefined) return undefined;
    const compiled = compileSegment(raw, key, "", new ProblemList()) ?? null;
    this.segments.set(key, compiled);
    return compiled;
  }

  flagKeys(): string[] {
    return Object.keys(this.rawFlags);
  }

  /** Copies of the compiled maps of a complete document, for building a patched one. */
  copyMaps(): { flags: Map<string, CompiledFlag>; segments: Map<string, CompiledSegment> } {
    if (!this.complete) throw new Error("only a validated document has complete maps");
    return {
      flags: new Map(this.flags) as Map<string, CompiledFlag>,
      segments: new Map(this.segments) as Map<string, CompiledSegment>,
    };
  }

  attachTo<T extends object>(document: T): T {
    Object.defineProperty(document, COMPILED, { value: this, enumerable: false });
    return document;
  }

  /** The compiled form attached by validation, or a fresh lazy one for a raw document. */
  static of(document: unknown): CompiledDocument {
    if (typeof document === "object" && document !== null) {
      const attached = (document as { [COMPILED]?: unknown })[COMPILED];
      if (attached instanceof CompiledDocument) return attached;
    }
    return new CompiledDocument(document);
  }
}
