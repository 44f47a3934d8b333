#!/usr/bin/env node
/**
 * Runs the Python SDK's checks from its package directory (packages/sdk-python), on a machine
 * that has only python3 and pip: creates or reuses the virtualenv `.venv` there, installs the
 * package editable with its dev extras when pyproject.toml changed (a stamp file remembers),
 * then runs mypy --strict and pytest.
 *
 *   node ../../scripts/python-test.mjs              # mypy, then pytest
 *   node ../../scripts/python-test.mjs --typecheck  # mypy only
 *   node ../../scripts/python-test.mjs -- -k vectors  # arguments after -- go to pytest
 *
 * PYTHON names the interpreter that creates the virtualenv (default python3, else python).
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const packageDir = process.cwd();
const pyproject = join(packageDir, "pyproject.toml");
if (!existsSync(pyproject)) {
  console.error(
    `python-test: no pyproject.toml in ${packageDir}; run this from the package directory`,
  );
  process.exit(2);
}

const args = process.argv.slice(2);
const separator = args.indexOf("--");
const pytestArgs = separator >= 0 ? args.slice(separator + 1) : [];
const typecheckOnly = args.includes("--typecheck");

const venv = join(packageDir, ".venv");
const windows = process.platform === "win32";
const venvPython = join(venv, windows ? "Scripts" : "bin", windows ? "python.exe" : "python");
const stampFile = join(venv, ".flagswitch-install-stamp");

/** Runs a command with inherited output; exits on failure unless `allowFailure`. */
function run(command, commandArgs, { allowFailure = false, quiet = false } = {}) {
  const result = spawnSync(command, commandArgs, {
    cwd: packageDir,
    stdio: quiet ? ["ignore", "pipe", "pipe"] : "inherit",
    encoding: "utf8",
  });
  if (result.error) {
    if (allowFailure) return result;
    console.error(`python-test: cannot run ${command}: ${result.error.message}`);
    process.exit(2);
  }
  if (result.status !== 0 && !allowFailure) {
    if (quiet) process.stderr.write(`${result.stdout ?? ""}${result.stderr ?? ""}`);
    console.error(`python-test: ${command} ${commandArgs.join(" ")} exited with ${result.status}`);
    process.exit(result.status ?? 1);
  }
  return result;
}

function findPython() {
  const candidates = process.env.PYTHON ? [process.env.PYTHON] : ["python3", "python"];
  for (const candidate of candidates) {
    const probe = spawnSync(candidate, ["-c", "import sys; print(sys.version_info >= (3, 10))"], {
      encoding: "utf8",
    });
    if (probe.status === 0 && probe.stdout.trim() === "True") return candidate;
  }
  console.error(`python-test: no Python ≥ 3.10 found (tried ${candidates.join(", ")})`);
  process.exit(2);
}

function venvWorks() {
  if (!existsSync(venvPython)) return false;
  return spawnSync(venvPython, ["-c", "import sys"], { encoding: "utf8" }).status === 0;
}

if (!venvWorks()) {
  const python = findPython();
  rmSync(venv, { recursive: true, force: true });
  console.log(`python-test: creating ${venv}`);
  run(python, ["-m", "venv", venv]);
}

const pythonVersion = run(venvPython, ["-c", "import sys; print(sys.version)"], {
  quiet: true,
}).stdout;
const stamp = createHash("sha256")
  .update(readFileSync(pyproject))
  .update(pythonVersion)
  .digest("hex");
const installed = existsSync(stampFile) ? readFileSync(stampFile, "utf8").trim() : "";
if (installed !== stamp) {
  console.log("python-test: installing flagswitch (editable) with its dev extras");
  run(venvPython, [
    "-m",
    "pip",
    "install",
    "--quiet",
    "--disable-pip-version-check",
    "--editable",
    ".[dev]",
  ]);
  writeFileSync(stampFile, `${stamp}\n`);
}

run(venvPython, ["-m", "mypy"]);
if (!typecheckOnly) {
  const result = run(venvPython, ["-m", "pytest", ...pytestArgs], { allowFailure: true });
  process.exit(result.status ?? 1);
}
