/** `flagswitch keys create|revoke|list`: admin tokens and SDK keys. */
import { apiClient, segment } from "../api-client.js";
import { parse, requireOption, requirePositional, stringOption } from "../args.js";
import { CliError, type CliIo } from "../io.js";
import { printJson, printTable } from "../output.js";

export const KEYS_HELP = `flagswitch keys <create|revoke|list> [options]

  keys create --kind admin  --name N --role reader|writer|admin [--project P]
  keys create --kind server|client --name N --project P --env E
  keys revoke <id> [--comment C]
  keys list   [--kind K] [--project P] [--env E]
The secret of a new key is printed once.
`;

interface KeyView {
  id: string;
  kind: string;
  name: string;
  role: string | null;
  project: string | null;
  environment: string | null;
  createdAt: string;
  revokedAt: string | null;
  secret?: string;
}

export async function keysCommand(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  const args = parse(rest, {
    kind: { type: "string" },
    name: { type: "string" },
    role: { type: "string" },
    project: { type: "string" },
    env: { type: "string" },
    comment: { type: "string" },
  });
  if (sub === undefined || args.values.help) {
    io.stdout(KEYS_HELP);
    return sub === undefined ? 2 : 0;
  }
  const api = apiClient(args, io);
  switch (sub) {
    case "create": {
      const kind = requireOption(args, "kind", io);
      const body: Record<string, unknown> = { kind, name: requireOption(args, "name", io) };
      if (kind === "admin") {
        body.role = requireOption(args, "role", io);
        if (stringOption(args, "project")) body.project = stringOption(args, "project");
      } else {
        body.project = requireOption(args, "project", io, "FLAGSWITCH_PROJECT");
        body.environment = requireOption(args, "env", io, "FLAGSWITCH_ENV");
      }
      const key = await api.send<KeyView>("POST", "/api/v1/keys", body);
      if (args.values.json) printJson(io, key);
      else
        io.stdout(
          `created ${key.kind} key ${key.id} "${key.name}". Its secret, shown once:\n${key.secret}\n`,
        );
      return 0;
    }
    case "revoke": {
      const id = segment(requirePositional(args, 0, "key id"));
      const comment = stringOption(args, "comment");
      const key = await api.send<KeyView>(
        "DELETE",
        `/api/v1/keys/${id}`,
        comment ? { comment } : undefined,
      );
      if (args.values.json) printJson(io, key);
      else io.stdout(`revoked ${key.kind} key ${key.id} "${key.name}"\n`);
      return 0;
    }
    case "list": {
      const page = await api.get<{ items: KeyView[] }>("/api/v1/keys", {
        kind: stringOption(args, "kind"),
        project: stringOption(args, "project"),
        environment: stringOption(args, "env"),
        limit: 200,
      });
      if (args.values.json) printJson(io, page);
      else
        printTable(
          io,
          ["ID", "KIND", "NAME", "ROLE", "SCOPE", "CREATED"],
          page.items.map((key) => [
            key.id,
            key.kind,
            key.name,
            key.role ?? "",
            [key.project, key.environment].filter(Boolean).join("/") || "global",
            key.createdAt,
          ]),
        );
      return 0;
    }
    default:
      throw new CliError(`unknown command "keys ${sub}" (see flagswitch keys --help)`, 2);
  }
}
