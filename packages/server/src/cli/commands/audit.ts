/** `flagswitch audit` and `flagswitch rollback`: read the log, undo a change. */
import { apiClient, segment } from "../api-client.js";
import { numberOption, parse, requireOption, requirePositional, stringOption } from "../args.js";
import { CliError, type CliIo } from "../io.js";
import { printJson, printTable } from "../output.js";

export const AUDIT_HELP = `flagswitch audit [--project P] [--env E] [--flag F] [--actor A] [--action ACTION]
                 [--since TIME] [--until TIME] [--limit N]
  Newest first. TIME is ISO-8601 (2025-01-31T12:00:00Z).
`;

export const ROLLBACK_HELP = `flagswitch rollback <flag> --to VERSION --project P --env E [--comment C]
  Restores the flag's configuration at VERSION (see its versions with the API) as a new version.
`;

interface AuditEntry {
  id: number;
  createdAt: string;
  actor: { id: string; name: string };
  action: string;
  resource: { type: string; key: string };
  project: string | null;
  environment: string | null;
  comment: string | null;
}

export async function auditCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parse(argv, {
    project: { type: "string" },
    env: { type: "string" },
    flag: { type: "string" },
    actor: { type: "string" },
    action: { type: "string" },
    since: { type: "string" },
    until: { type: "string" },
    limit: { type: "string" },
  });
  if (args.values.help) {
    io.stdout(AUDIT_HELP);
    return 0;
  }
  const page = await apiClient(args, io).get<{ items: AuditEntry[]; nextCursor: string | null }>(
    "/api/v1/audit",
    {
      project: stringOption(args, "project") ?? io.env.FLAGSWITCH_PROJECT,
      environment: stringOption(args, "env"),
      flag: stringOption(args, "flag"),
      actor: stringOption(args, "actor"),
      action: stringOption(args, "action"),
      from: stringOption(args, "since"),
      to: stringOption(args, "until"),
      limit: numberOption(args, "limit") ?? 50,
    },
  );
  if (args.values.json) {
    printJson(io, page);
    return 0;
  }
  printTable(
    io,
    ["ID", "TIME", "ACTOR", "ACTION", "RESOURCE", "WHERE", "COMMENT"],
    page.items.map((entry) => [
      String(entry.id),
      entry.createdAt.replace("T", " ").replace(/\.\d+Z$/, "Z"),
      entry.actor.name,
      entry.action,
      `${entry.resource.type}:${entry.resource.key}`,
      [entry.project, entry.environment].filter(Boolean).join("/"),
      entry.comment ?? "",
    ]),
  );
  return 0;
}

export async function rollbackCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parse(argv, {
    project: { type: "string" },
    env: { type: "string" },
    to: { type: "string" },
    comment: { type: "string" },
  });
  if (args.values.help) {
    io.stdout(ROLLBACK_HELP);
    return 0;
  }
  const flag = segment(requirePositional(args, 0, "flag key"));
  const toVersion = numberOption(args, "to");
  if (toVersion === undefined) throw new CliError("missing --to VERSION", 2);
  const project = segment(requireOption(args, "project", io, "FLAGSWITCH_PROJECT"));
  const environment = segment(requireOption(args, "env", io, "FLAGSWITCH_ENV"));
  const body: Record<string, unknown> = { toVersion };
  const comment = stringOption(args, "comment");
  if (comment) body.comment = comment;
  const config = await apiClient(args, io).send<{
    flag: string;
    environment: string;
    version: number;
  }>(
    "POST",
    `/api/v1/projects/${project}/environments/${environment}/flags/${flag}/rollback`,
    body,
  );
  if (args.values.json) printJson(io, config);
  else
    io.stdout(
      `${config.flag} in ${config.environment} restored to version ${toVersion} as version ${config.version}\n`,
    );
  return 0;
}
