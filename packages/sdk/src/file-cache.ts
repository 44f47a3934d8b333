/**
 * A DocumentCache in a file (Node only: exported from "@flagswitch/sdk/node"). Writes go to a
 * temporary file that is then renamed over the old one, so a crash mid-write leaves the previous
 * document, never half of one.
 */
import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { DocumentCache } from "./document-cache.js";
import { CacheError } from "./errors.js";
import { describe } from "./http.js";

/**
 * @example
 * const client = createClient({ sdkKey, baseUrl, cache: createFileCache(".flagswitch/flags.json") });
 */
export function createFileCache(path: string): DocumentCache {
  const target = resolve(path);
  return {
    async load() {
      let text: string;
      try {
        text = await readFile(target, "utf8");
      } catch (error) {
        if ((error as { code?: string }).code === "ENOENT") return undefined;
        throw new CacheError(`cache file ${target}: cannot read (${describe(error)})`, {
          cause: error,
        });
      }
      try {
        return JSON.parse(text) as unknown;
      } catch (error) {
        throw new CacheError(`cache file ${target}: not JSON (${describe(error)})`, {
          cause: error,
        });
      }
    },
    async save(document) {
      const temporary = `${target}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
      try {
        await mkdir(dirname(target), { recursive: true });
        await writeFile(temporary, JSON.stringify(document), "utf8");
        await rename(temporary, target);
      } catch (error) {
        await rm(temporary, { force: true }).catch(() => {});
        throw new CacheError(`cache file ${target}: cannot write (${describe(error)})`, {
          cause: error,
        });
      }
    },
  };
}
