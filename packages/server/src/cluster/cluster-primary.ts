/**
 * `flagswitch serve --workers N`: one primary process and N workers sharing the port (Node's
 * cluster module), so every core serves SDK traffic. Each worker is a full replica over the same
 * database; changes reach the others over Redis when configured, else through this primary,
 * which relays the workers' change messages over IPC (the SQLite deployment's channel).
 *
 * The first worker starts alone (it migrates the database, creates the first admin token, seeds
 * the demo, prints the banner); the others follow once it is ready. A worker that dies is
 * replaced; SIGINT/SIGTERM stops them all.
 */
import cluster, { type Worker } from "node:cluster";
import type { CliIo } from "../cli/io.js";
import { isIpcEnvelope } from "./ipc-change-feed.js";

/** Sent by a worker once it serves (and, for the first, has printed its banner). */
export const WORKER_READY_TAG = "flagswitch:worker-ready";

export interface WorkerReady {
  tag: typeof WORKER_READY_TAG;
  url: string;
}

export interface ClusterPrimaryOptions {
  workers: number;
  io: CliIo;
  /** Relay change messages between workers (no Redis to carry them). */
  relayChanges: boolean;
}

/** Which worker this process is (1-based), from the environment the primary gave it. */
export const WORKER_INDEX_VARIABLE = "FLAGSWITCH_WORKER_INDEX";

const RESTART_DELAY_MS = 500;
const STOP_GRACE_MS = 10_000;
/** A worker dying this often before it ever serves means it cannot start: give up. */
const MAX_FAILED_STARTS = 3;

export async function runClusterPrimary(options: ClusterPrimaryOptions): Promise<number> {
  const { io, workers } = options;
  const ready = new Set<Worker>();
  let stopping = false;
  let failedStarts = 0;
  let url: string | undefined;
  let onFatal: (code: number) => void = () => {};
  const finished = new Promise<number>((resolve) => {
    onFatal = resolve;
  });

  cluster.on("message", (worker, message: unknown) => {
    if (options.relayChanges && isIpcEnvelope(message)) {
      for (const other of Object.values(cluster.workers ?? {})) {
        if (other && other !== worker && other.isConnected()) other.send(message);
      }
    }
  });

  const fork = (index: number): Promise<string | undefined> =>
    new Promise((resolve) => {
      const worker = cluster.fork({ ...io.env, [WORKER_INDEX_VARIABLE]: String(index) });
      worker.on("message", (message: unknown) => {
        if (isWorkerReady(message)) {
          ready.add(worker);
          failedStarts = 0;
          resolve(message.url);
        }
      });
      worker.on("exit", (code, signal) => {
        const wasReady = ready.delete(worker);
        resolve(undefined);
        if (stopping) return;
        if (!wasReady) failedStarts += 1;
        if (failedStarts >= MAX_FAILED_STARTS) {
          io.stderr(
            `flagswitch: worker ${index} could not start (${failedStarts} attempts; exit ${code ?? signal}); stopping\n`,
          );
          onFatal(1);
          return;
        }
        io.stderr(
          `flagswitch: worker ${index} (pid ${worker.process.pid}) exited (${signal ?? `code ${code}`}); starting another\n`,
        );
        setTimeout(() => {
          if (!stopping) void fork(index);
        }, RESTART_DELAY_MS).unref();
      });
    });

  const stopAll = async () => {
    stopping = true;
    const alive = Object.values(cluster.workers ?? {}).filter(
      (worker): worker is Worker => worker !== undefined && !worker.isDead(),
    );
    await Promise.all(
      alive.map(
        (worker) =>
          new Promise<void>((resolve) => {
            const force = setTimeout(() => worker.process.kill("SIGKILL"), STOP_GRACE_MS);
            worker.once("exit", () => {
              clearTimeout(force);
              resolve();
            });
            worker.process.kill("SIGTERM");
          }),
      ),
    );
  };

  const signal = io.signal;
  const stopped = new Promise<number>((resolve) => {
    if (signal?.aborted) resolve(0);
    signal?.addEventListener("abort", () => resolve(0), { once: true });
  });

  // The first worker prepares the database alone; then the others start together.
  url = await Promise.race([fork(1), stopped.then(() => undefined)]);
  if (url && !stopping) {
    const others = await Promise.all(
      Array.from({ length: workers - 1 }, (_, offset) => fork(offset + 2)),
    );
    if (others.every((started) => started !== undefined)) {
      io.stdout(`FlagSwitch: ${workers} workers serving ${url} (primary pid ${process.pid})\n`);
      io.onListening?.(url);
    }
  }
  const code = url ? await Promise.race([stopped, finished]) : 1;
  await stopAll();
  return code;
}

function isWorkerReady(value: unknown): value is WorkerReady {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { tag?: unknown }).tag === WORKER_READY_TAG &&
    typeof (value as { url?: unknown }).url === "string"
  );
}
