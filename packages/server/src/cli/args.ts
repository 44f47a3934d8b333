/** Flag parsing for every command (node:util parseArgs), with the options they share. */
import { parseArgs } from "node:util";
import { CliError, type CliIo } from "./io.js";

export type OptionSpec = Record<
  string,
  { type: "string" | "boolean"; short?: string; multiple?: boolean }
>;

export const COMMON_OPTIONS = {
  url: { type: "string" },
  token: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const satisfies OptionSpec;

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

export function parse(argv: string[], options: OptionSpec): ParsedArgs {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { ...COMMON_OPTIONS, ...options },
      allowPositionals: true,
      strict: true,
    });
    return { values: values as ParsedArgs["values"], positionals };
  } catch (error) {
    throw new CliError(`${(error as Error).message} (see --help)`, 2);
  }
}

export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === "string" ? value : undefined;
}

export function requireOption(args: ParsedArgs, name: string, io: CliIo, envName?: string): string {
  const value = stringOption(args, name) ?? (envName ? io.env[envName] : undefined);
  if (value === undefined || value === "") {
    throw new CliError(`missing --${name}${envName ? ` (or ${envName})` : ""}`, 2);
  }
  return value;
}

export function requirePositional(args: ParsedArgs, index: number, what: string): string {
  const value = args.positionals[index];
  if (value === undefined) throw new CliError(`missing ${what} (see --help)`, 2);
  return value;
}

export function numberOption(args: ParsedArgs, name: string): number | undefined {
  const value = stringOption(args, name);
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isFinite(number)) throw new CliError(`--${name} must be a number, got "${value}"`, 2);
  return number;
}
