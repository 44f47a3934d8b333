/** `flagswitch flags list|get|create|toggle|rollout`. */
import { apiClient, segment } from "../api-client.js";
import { parse, requireOption, requirePositional, stringOption } from "../args.js";
import { CliError, type CliIo } from "../io.js";
import { printJson, printTable } from "../output.js";

export const FLAGS_HELP = `flagswitch flags <list|get|create|toggle|rollout> [options]

  flags list    --project P [--env E] [--tag T] [--q TEXT] [--archived]
  flags get     <flag> --project P [--env E]
  flags create  <flag> --project P [--name N] [--description D] [--tags a,b] [--client-side]
                [--variations '[{"key":"a","value":"A"},…]']
  flags toggle  <flag> --project P --env E [--on | --off] [--comment C]
  flags rollout <flag> <percentage> --project P --env E [--variation KEY] [--bucket-by ATTR] [--comment C]

--project/--env default to FLAGSWITCH_PROJECT / FLAGSWITCH_ENV.
`;

interface FlagView {
  key: string;
  name: string;
  tags: string[];
  clientSide: boolean;
  archived: boolean;
  environments: Record<string, { enabled: boolean; version: number }>;
}

interface ConfigView {
  flag: string;
  environment: string;
  version: number;
  enabled: boolean;
  variations: Array<{ key: string; value: unknown }>;
  offVariation: number;
  fallthrough: { variation?: number; rollout?: { weights: number[] } };
  rules: unknown[];
  targets: unknown[];
}

const OPTIONS = {
  project: { type: "string" },
  env: { type: "string" },
  tag: { type: "string" },
  q: { type: "string" },
  archived: { type: "boolean" },
  name: { type: "string" },
  description: { type: "string" },
  tags: { type: "string" },
  "client-side": { type: "boolean" },
  variations: { type: "string" },
  on: { type: "boolean" },
  off: { type: "boolean" },
  variation: { type: "string" },
  "bucket-by": { type: "string" },
  comment: { type: "string" },
} as const;

export async function flagsCommand(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  const args = parse(rest, OPTIONS);
  if (sub === undefined || args.values.help) {
    io.stdout(FLAGS_HELP);
    return sub === undefined ? 2 : 0;
  }
  const api = apiClient(args, io);
  const project = () => segment(requireOption(args, "project", io, "FLAGSWITCH_PROJECT"));
  const environment = () => segment(requireOption(args, "env", io, "FLAGSWITCH_ENV"));
  const optionalEnvironment = stringOption(args, "env") ?? io.env.FLAGSWITCH_ENV;
  const comment = stringOption(args, "comment");

  switch (sub) {
    case "list": {
      const page = await api.get<{ items: FlagView[]; nextCursor: string | null }>(
        `/api/v1/projects/${project()}/flags`,
        {
          tag: stringOption(args, "tag"),
          q: stringOption(args, "q"),
          archived: args.values.archived ? true : undefined,
          limit: 200,
        },
      );
      if (args.values.json) return print(io, page);
      const environments = optionalEnvironment
        ? [optionalEnvironment]
        : [...new Set(page.items.flatMap((flag) => Object.keys(flag.environments)))];
      printTable(
        io,
        ["KEY", "NAME", ...environments.map((name) => name.toUpperCase())],
        page.items.map((flag) => [
          flag.key,
          flag.name,
          ...environments.map((name) => onOff(flag.environments[name])),
        ]),
      );
      if (page.nextCursor) io.stdout("(more flags: narrow with --q or --tag)\n");
      return 0;
    }
    case "get": {
      const key = segment(requirePositional(args, 0, "flag key"));
      if (optionalEnvironment) {
        const config = await api.get<ConfigView>(
          `/api/v1/projects/${project()}/environments/${segment(optionalEnvironment)}/flags/${key}`,
        );
        return args.values.json ? print(io, config) : printConfig(io, config);
      }
      const flag = await api.get<FlagView>(`/api/v1/projects/${project()}/flags/${key}`);
      if (args.values.json) return print(io, flag);
      io.stdout(
        `${flag.key} — ${flag.name}${flag.archived ? " (archived)" : ""}${flag.clientSide ? " [client-side]" : ""}\n`,
      );
      printTable(
        io,
        ["ENVIRONMENT", "STATE", "VERSION"],
        Object.entries(flag.environments).map(([name, state]) => [
          name,
          onOff(state),
          String(state.version),
        ]),
      );
      return 0;
    }
    case "create": {
      const key = requirePositional(args, 0, "flag key");
      const body: Record<string, unknown> = { key };
      if (stringOption(args, "name")) body.name = stringOption(args, "name");
      if (stringOption(args, "description")) body.description = stringOption(args, "description");
      const tags = stringOption(args, "tags");
      if (tags)
        body.tags = tags
          .split(",")
          .map((tag) => tag.trim())
          .filter(Boolean);
      if (args.values["client-side"]) body.clientSide = true;
      const variations = stringOption(args, "variations");
      if (variations) body.variations = parseJsonOption("variations", variations);
      if (comment) body.comment = comment;
      const flag = await api.send<FlagView>("POST", `/api/v1/projects/${project()}/flags`, body);
      return args.values.json
        ? print(io, flag)
        : done(
            io,
            `created flag "${flag.key}" (off in ${Object.keys(flag.environments).join(", ")})`,
          );
    }
    case "toggle": {
      const key = segment(requirePositional(args, 0, "flag key"));
      if (args.values.on && args.values.off) throw new CliError("give --on or --off, not both", 2);
      const body: Record<string, unknown> = {};
      if (args.values.on) body.enabled = true;
      if (args.values.off) body.enabled = false;
      if (comment) body.comment = comment;
      const config = await api.send<ConfigView>(
        "POST",
        `/api/v1/projects/${project()}/environments/${environment()}/flags/${key}/toggle`,
        body,
      );
      return args.values.json
        ? print(io, config)
        : done(
            io,
            `${config.flag} is now ${config.enabled ? "ON" : "OFF"} in ${config.environment} (version ${config.version})`,
          );
    }
    case "rollout": {
      const key = segment(requirePositional(args, 0, "flag key"));
      const percentage = Number(requirePositional(args, 1, "percentage"));
      if (!Number.isFinite(percentage))
        throw new CliError("percentage must be a number between 0 and 100", 2);
      const body: Record<string, unknown> = { percentage };
      if (stringOption(args, "variation")) body.variation = stringOption(args, "variation");
      if (stringOption(args, "bucket-by")) body.bucketBy = stringOption(args, "bucket-by");
      if (comment) body.comment = comment;
      const config = await api.send<ConfigView>(
        "POST",
        `/api/v1/projects/${project()}/environments/${environment()}/flags/${key}/rollout`,
        body,
      );
      return args.values.json
        ? print(io, config)
        : done(
            io,
            `${config.flag} in ${config.environment}: ${describeServe(config)} (version ${config.version})`,
          );
    }
    default:
      throw new CliError(`unknown command "flags ${sub}" (see flagswitch flags --help)`, 2);
  }
}

function onOff(state: { enabled: boolean } | undefined): string {
  return state === undefined ? "-" : state.enabled ? "on" : "off";
}

function describeServe(config: ConfigView): string {
  const rollout = config.fallthrough.rollout;
  if (!rollout)
    return `serves ${config.variations[config.fallthrough.variation ?? 0]?.key ?? "?"} by default`;
  return rollout.weights
    .map((weight, index) => `${config.variations[index]?.key ?? index} ${weight / 1000} %`)
    .filter((_, index) => (rollout.weights[index] ?? 0) > 0)
    .join(", ");
}

function printConfig(io: CliIo, config: ConfigView): number {
  io.stdout(
    `${[
      `${config.flag} in ${config.environment}: ${config.enabled ? "ON" : "OFF"} (version ${config.version})`,
      `  variations:  ${config.variations.map((variation) => `${variation.key}=${JSON.stringify(variation.value)}`).join(", ")}`,
      `  off serves:  ${config.variations[config.offVariation]?.key ?? "?"}`,
      `  default:     ${describeServe(config)}`,
      `  rules: ${config.rules.length}, targets: ${config.targets.length}`,
    ].join("\n")}\n`,
  );
  return 0;
}

function parseJsonOption(name: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(`--${name} is not valid JSON: ${(error as Error).message}`, 2);
  }
}

function print(io: CliIo, value: unknown): number {
  printJson(io, value);
  return 0;
}

function done(io: CliIo, message: string): number {
  io.stdout(`${message}\n`);
  return 0;
}
