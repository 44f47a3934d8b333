/**
 * `npm run bench:python`: creates benchmarks/python/.venv on first use, installs the
 * benchmark-only packages and the SDK (editable) into it, then runs run.py with any arguments
 * given (e.g. `-- --runs 5 --seconds 0.4`).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const sdk = fileURLToPath(new URL("../../packages/sdk-python", import.meta.url));
const venv = `${here}.venv`;
const python = `${venv}/bin/python`;

function run(command, args) {
  const { status } = spawnSync(command, args, { stdio: "inherit" });
  if (status !== 0) process.exit(status ?? 1);
}

if (!existsSync(python)) {
  run(process.env.PYTHON ?? "python3", ["-m", "venv", venv]);
  run(python, ["-m", "pip", "install", "-q", "-r", `${here}requirements.txt`, "-e", sdk]);
}
run(python, [`${here}run.py`, ...process.argv.slice(2)]);
