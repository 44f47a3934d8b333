#!/usr/bin/env node
/** The `flagswitch` binary: wires the CLI to the real process (streams, environment, signals). */
import { runCli } from "./cli/main.js";

const controller = new AbortController();
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => controller.abort());
}

runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  signal: controller.signal,
}).then((code) => {
  process.exitCode = code;
});
