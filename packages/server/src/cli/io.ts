/** What a CLI command may touch: its output streams, environment and a way to be stopped. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  /** Stops a long-running command (`serve`); the process's SIGINT/SIGTERM in the real binary. */
  signal?: AbortSignal;
  /** Called by `serve` once it listens (tests use it to find the port). */
  onListening?: (url: string) => void;
}

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = "CliError";
  }
}
