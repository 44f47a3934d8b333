/**
 * A JSON flag document on disk (Node only: exported from "@flagswitch/sdk/node"), re-read when it
 * changes — for local development, tests and air-gapped runs. `fs.watch` reacts at once where
 * the platform supports it; a stat poll catches what it misses (network drives, editors that
 * replace the file, containers with bind mounts).
 */
import { type FSWatcher, watch } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { basename, dirname, resolve } from "node:path";
import { FlagSwitchError, InvalidDocumentError } from "../errors.js";
import { describe } from "../http.js";
import type { Cancel } from "../scheduler.js";
import type { Source, SourceEnvironment, SourceSink } from "../source.js";

export interface FileSourceOptions {
  /** The JSON document's path. */
  path: string;
  /** React to changes through `fs.watch` (default true). */
  watch?: boolean;
  /** How often the stat poll looks at the file (default 1,000 ms; 0 turns it off). */
  statIntervalMs?: number;
}

/** Coalesces the burst of watch events one save produces. */
const SETTLE_MS = 20;

/**
 * @example
 * import { createClient } from "@flagswitch/sdk";
 * import { createFileSource } from "@flagswitch/sdk/node";
 * const client = createClient({ sdkKey: "local", source: createFileSource({ path: "./flags.json" }) });
 */
export function createFileSource(options: FileSourceOptions): Source {
  const path = resolve(options.path);
  const origin = `file ${path}`;
  let sink: SourceSink | undefined;
  let environment: SourceEnvironment | undefined;
  let watcher: FSWatcher | undefined;
  let cancelStat: Cancel | undefined;
  let cancelSettle: Cancel | undefined;
  let lastText: string | undefined;
  let lastStamp = "";
  let lastProblem = "";
  let reading: Promise<void> | undefined;
  let readAgain = false;
  let closed = false;

  const report = (message: string, error?: unknown) => {
    // One report per distinct problem: a missing file is not news every second.
    if (message === lastProblem) return;
    lastProblem = message;
    sink?.error(new FlagSwitchError("FILE", `${origin}: ${message}`, { cause: error }));
  };

  const read = async () => {
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch (error) {
      report(unreadable(error), error);
      return;
    }
    if (closed || text === lastText) return;
    lastText = text;
    lastProblem = "";
    let payload: unknown;
    try {
      payload = JSON.parse(text);
    } catch (error) {
      sink?.error(
        new InvalidDocumentError(origin, [{ path: "", message: `not JSON: ${describe(error)}` }]),
      );
      return;
    }
    sink?.document(payload, origin);
  };

  /** Reads now, or once more after the read in progress (never two at once). */
  const reread = () => {
    if (closed) return;
    if (reading) {
      readAgain = true;
      return;
    }
    reading = read().finally(() => {
      reading = undefined;
      if (readAgain) {
        readAgain = false;
        reread();
      }
    });
  };

  const statPoll = async () => {
    if (closed || !environment) return;
    try {
      const info = await stat(path);
      const stamp = `${info.ino}:${info.size}:${info.mtimeMs}`;
      if (stamp !== lastStamp) {
        lastStamp = stamp;
        reread();
      }
    } catch (error) {
      lastStamp = "";
      report(unreadable(error), error);
    }
    if (!closed) {
      cancelStat = environment.scheduler.setTimeout(
        () => void statPoll(),
        options.statIntervalMs ?? 1_000,
      );
    }
  };

  return {
    name: "file",
    start(givenSink, givenEnvironment) {
      if (closed || sink) return;
      sink = givenSink;
      environment = givenEnvironment;
      reread();
      const statIntervalMs = options.statIntervalMs ?? 1_000;
      if (statIntervalMs > 0) {
        cancelStat = givenEnvironment.scheduler.setTimeout(() => void statPoll(), statIntervalMs);
      }
      if (options.watch === false) return;
      try {
        // The directory, not the file: editors often replace the file, which ends a file watch.
        watcher = watch(dirname(path), { persistent: false }, (_event, name) => {
          if (name !== null && name !== basename(path)) return;
          cancelSettle?.();
          cancelSettle = givenEnvironment.scheduler.setTimeout(reread, SETTLE_MS);
        });
        watcher.on("error", () => {
          // The stat poll carries on alone.
          watcher?.close();
          watcher = undefined;
        });
      } catch {
        watcher = undefined;
      }
    },
    close() {
      closed = true;
      watcher?.close();
      watcher = undefined;
      cancelStat?.();
      cancelSettle?.();
    },
  };
}

/** The same problem in the same words, whether `stat` or `readFile` met it. */
function unreadable(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  return `cannot read (${typeof code === "string" ? code : describe(error)})`;
}
