/** The `flagswitch` command line: dispatch, help, and errors as one readable line (exit code ≠ 0). */
import { SERVER_VERSION } from "../version.js";
import { AUDIT_HELP, auditCommand, ROLLBACK_HELP, rollbackCommand } from "./commands/audit.js";
import { EXPERIMENTS_HELP, experimentsCommand } from "./commands/experiments.js";
import { FLAGS_HELP, flagsCommand } from "./commands/flags.js";
import { KEYS_HELP, keysCommand } from "./commands/keys.js";
import { SERVE_HELP, serveCommand } from "./commands/serve.js";
import { CliError, type CliIo } from "./io.js";

const HELP = `flagswitch ${SERVER_VERSION} — FlagSwitch server and admin CLI

Usage: flagswitch <command> [options]

Commands:
  serve                         run the server
  flags list|get|create|toggle|rollout
  audit                         read the audit log
  rollback <flag> --to VERSION  restore an earlier version of a flag
  keys create|revoke|list       admin tokens and SDK keys
  experiments list|start|stop|results  experiments and their results

Every command but serve talks to the admin API:
  --url URL      server (FLAGSWITCH_URL, default http://127.0.0.1:8080)
  --token TOKEN  admin token (FLAGSWITCH_TOKEN)
  --json         print the API's JSON
Run "flagswitch <command> --help" for a command's options.

${SERVE_HELP}
${FLAGS_HELP}
${AUDIT_HELP}
${ROLLBACK_HELP}
${KEYS_HELP}
${EXPERIMENTS_HELP}`;

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "serve":
        return await serveCommand(rest, io);
      case "flags":
        return await flagsCommand(rest, io);
      case "audit":
        return await auditCommand(rest, io);
      case "rollback":
        return await rollbackCommand(rest, io);
      case "keys":
        return await keysCommand(rest, io);
      case "experiments":
        return await experimentsCommand(rest, io);
      case "--version":
      case "version":
        io.stdout(`${SERVER_VERSION}\n`);
        return 0;
      case undefined:
      case "help":
      case "--help":
      case "-h":
        io.stdout(HELP);
        return command === undefined ? 2 : 0;
      default:
        throw new CliError(`unknown command "${command}" (see flagswitch --help)`, 2);
    }
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr(`flagswitch: ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr(`flagswitch: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}
