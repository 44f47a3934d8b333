/** `flagswitch experiments`: list, start, stop, and read results as tables with the verdict. */
import type { ExperimentResults, MetricResult } from "../../experiments/results.js";
import { apiClient, segment } from "../api-client.js";
import { parse, requireOption, requirePositional, stringOption } from "../args.js";
import { CliError, type CliIo } from "../io.js";
import { printJson, printTable } from "../output.js";

export const EXPERIMENTS_HELP = `flagswitch experiments list [--project P] [--env E] [--status draft|running|stopped]
flagswitch experiments start|stop <key> [--project P] [--comment C]
flagswitch experiments results <key> [--project P]
  Results: per metric and variation, the rate (or mean) with its 95 % interval, the lift
  against control with its interval, p-value (Holm-adjusted with several treatments), chance to
  beat control; then the sample-ratio check, health warnings and the verdict.
`;

interface ExperimentView {
  key: string;
  flag: string;
  environment: string;
  status: string;
  startedAt: string | null;
  stoppedAt: string | null;
}

type ResultsView = ExperimentResults & {
  experiment: ExperimentView & { hypothesis: string; project: string };
};

export async function experimentsCommand(argv: string[], io: CliIo): Promise<number> {
  const [action, ...rest] = argv;
  const args = parse(rest, {
    project: { type: "string" },
    env: { type: "string" },
    status: { type: "string" },
    comment: { type: "string" },
  });
  if (args.values.help || action === undefined || action === "--help" || action === "-h") {
    io.stdout(EXPERIMENTS_HELP);
    return action === undefined ? 2 : 0;
  }
  const project = segment(requireOption(args, "project", io, "FLAGSWITCH_PROJECT"));
  const client = apiClient(args, io);
  const base = `/api/v1/projects/${project}/experiments`;
  switch (action) {
    case "list": {
      const page = await client.get<{ items: ExperimentView[] }>(base, {
        environment: stringOption(args, "env"),
        status: stringOption(args, "status"),
        limit: 200,
      });
      if (args.values.json) printJson(io, page);
      else
        printTable(
          io,
          ["KEY", "FLAG", "ENVIRONMENT", "STATUS", "STARTED", "STOPPED"],
          page.items.map((item) => [
            item.key,
            item.flag,
            item.environment,
            item.status,
            shortTime(item.startedAt),
            shortTime(item.stoppedAt),
          ]),
        );
      return 0;
    }
    case "start":
    case "stop": {
      const key = segment(requirePositional(args, 0, "experiment key"));
      const comment = stringOption(args, "comment");
      const experiment = await client.send<ExperimentView>(
        "POST",
        `${base}/${key}/${action}`,
        comment ? { comment } : undefined,
      );
      if (args.values.json) printJson(io, experiment);
      else io.stdout(`${experiment.key}: ${experiment.status}\n`);
      return 0;
    }
    case "results": {
      const key = segment(requirePositional(args, 0, "experiment key"));
      const results = await client.get<ResultsView>(`${base}/${key}/results`);
      if (args.values.json) printJson(io, results);
      else printResults(io, results);
      return 0;
    }
    default:
      throw new CliError(
        `unknown experiments action "${action}" (see flagswitch experiments --help)`,
        2,
      );
  }
}

function printResults(io: CliIo, results: ResultsView): void {
  const { experiment } = results;
  const since = experiment.startedAt ? ` since ${shortTime(experiment.startedAt)}` : "";
  const until = experiment.stoppedAt ? ` until ${shortTime(experiment.stoppedAt)}` : "";
  io.stdout(
    `Experiment ${experiment.key} — flag ${experiment.flag} in ${experiment.environment}, ${experiment.status}${since}${until}\n`,
  );
  if (experiment.hypothesis) io.stdout(`Hypothesis: ${experiment.hypothesis}\n`);
  for (const metric of results.metrics) {
    io.stdout(`\n${metric.eventKey} (${metric.kind}${metric.primary ? ", primary" : ""})\n`);
    printMetric(io, metric);
  }
  const ratio = results.sampleRatio;
  io.stdout(
    `\nSample ratio: ${results.variations.map((v) => `${v.key} ${v.exposed}`).join(" / ")} against split ${results.variations.map((v) => `${v.weight / 1000} %`).join(" / ")}: χ² = ${ratio.chiSquare.toFixed(2)}, p = ${formatP(ratio.pValue)} — ${ratio.mismatch ? "MISMATCH (p < 0.001)" : "ok"}\n`,
  );
  for (const warning of results.health.warnings) io.stdout(`Warning: ${warning}\n`);
  const primary = results.metrics.find((metric) => metric.primary);
  const sentences = (primary?.variations ?? []).flatMap((row) =>
    row.comparison ? [row.comparison.verdict.text] : [],
  );
  io.stdout(`\nVerdict (${results.verdict.outcome}):\n`);
  for (const text of sentences.length > 0 ? sentences : [results.verdict.text]) {
    io.stdout(`  ${text}\n`);
  }
}

function printMetric(io: CliIo, metric: MetricResult): void {
  const binomial = metric.kind === "binomial";
  const estimate = (value: number) => (binomial ? percent(value) : value.toFixed(2));
  const lift = (value: number) => signedPercent(value);
  printTable(
    io,
    [
      "VARIATION",
      "EXPOSED",
      binomial ? "CONVERTED" : "CONVERTING",
      binomial ? "RATE" : "MEAN",
      "95 % CI",
      "REL. LIFT",
      "95 % CI (LIFT)",
      "P",
      "P (HOLM)",
      ...(binomial ? ["P(BEAT CONTROL)"] : []),
    ],
    metric.variations.map((row) => {
      const comparison = row.comparison;
      return [
        row.control ? `${row.variation} (control)` : row.variation,
        String(row.exposed),
        String(row.converting),
        estimate(row.estimate),
        row.interval ? `${estimate(row.interval[0])} … ${estimate(row.interval[1])}` : "—",
        comparison?.relativeLift != null ? lift(comparison.relativeLift) : "—",
        comparison?.relativeLiftInterval
          ? `${lift(comparison.relativeLiftInterval[0])} … ${lift(comparison.relativeLiftInterval[1])}`
          : "—",
        comparison ? formatP(comparison.pValue) : "—",
        comparison ? formatP(comparison.adjustedPValue) : "—",
        ...(binomial
          ? [
              comparison?.chanceToBeatControl != null
                ? percent(comparison.chanceToBeatControl)
                : "—",
            ]
          : []),
      ];
    }),
  );
}

function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)} %`;
}

function signedPercent(fraction: number): string {
  return `${fraction >= 0 ? "+" : "−"}${Math.abs(fraction * 100).toFixed(1)} %`;
}

function formatP(p: number): string {
  if (p < 0.001) return "< 0.001";
  return p.toFixed(3);
}

function shortTime(time: string | null): string {
  return time ? time.replace("T", " ").replace(/\.\d+Z$/, "Z") : "";
}
