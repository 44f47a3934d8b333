/**
 * The client's one piece of state: the last good (validated, precompiled) document. Every
 * payload goes through the core — `validateDocument`, `applyPatch`, `applyDelete` — and a
 * payload that fails leaves the current document in place.
 */
import {
  applyDelete,
  applyPatch,
  type FlagDocument,
  type ValidationError,
  validateDocument,
} from "@flagswitch/core";
import { changedFlagKeys } from "./changed-flags.js";

export type StoreUpdate =
  | { ok: true; changed: readonly string[]; document: FlagDocument }
  | { ok: false; errors: readonly ValidationError[] };

export class DocumentStore {
  #document: FlagDocument | undefined;

  /** The last good document, or undefined before the first one. */
  get document(): FlagDocument | undefined {
    return this.#document;
  }

  replace(payload: unknown): StoreUpdate {
    const result = validateDocument(payload);
    return result.ok ? this.#install(result.document) : { ok: false, errors: result.errors };
  }

  patch(payload: unknown): StoreUpdate {
    return this.#change(payload, applyPatch);
  }

  delete(payload: unknown): StoreUpdate {
    return this.#change(payload, applyDelete);
  }

  #change(payload: unknown, apply: typeof applyPatch): StoreUpdate {
    const current = this.#document;
    if (!current) {
      return {
        ok: false,
        errors: [{ path: "", message: "a change arrived before any whole document" }],
      };
    }
    const result = apply(current, payload);
    if (!result.ok) return { ok: false, errors: result.errors };
    return result.applied
      ? this.#install(result.document)
      : { ok: true, changed: [], document: current };
  }

  #install(next: FlagDocument): StoreUpdate {
    const changed = changedFlagKeys(this.#document, next);
    this.#document = next;
    return { ok: true, changed, document: next };
  }
}
