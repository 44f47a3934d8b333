/**
 * /api/v1/projects/:project/experiments: a flag's rollout in one environment, measured.
 * Creating one links it in the flag's document entry (`experiment: { key, running }`); start
 * and stop flip `running`, which is what makes SDKs send exposures. Starting also records the
 * split the sample-ratio check compares with; while running, the flag's variations and split
 * are guarded (experiments/experiment-guard.ts). Results: experiment-results.ts.
 */
import { z } from "zod";
import { newId } from "../../clock.js";
import { decodeCursor, toPage } from "../../db/cursor.js";
import { toJson } from "../../db/json.js";
import { findEnvironment } from "../../db/repositories/environments.js";
import type { ExperimentWithNames } from "../../db/repositories/experiments.js";
import {
  deleteExperiment,
  findActiveExperimentForFlag,
  findExperiment,
  insertExperiment,
  listExperiments,
  updateExperiment,
} from "../../db/repositories/experiments.js";
import { findFlag } from "../../db/repositories/flags.js";
import type { FlagSettings } from "../../domain/flag-model.js";
import { settingsOf } from "../../domain/flag-model.js";
import { changeFlagSettings } from "../../domain/flag-writes.js";
import { requireExperiment, requireFlagConfig, requireProject } from "../../domain/lookups.js";
import { presentExperiment } from "../../domain/presenters.js";
import type { WriteUnit } from "../../domain/write-unit.js";
import {
  definitionOf,
  type ExperimentSplit,
  type MetricDefinition,
  splitOf,
} from "../../experiments/definition.js";
import { assertVersionMatches, etagOf } from "../../http/preconditions.js";
import { bodyError, type FieldError, problems } from "../../http/problem.js";
import { defineRoute } from "../../http/route.js";
import {
  comment,
  commentOnlyBody,
  displayName,
  experimentParams,
  metricInput,
  paginationQuery,
  projectParams,
  resourceKey,
} from "../../schemas/common.js";
import { experimentSchema, pageOf, problemSchema } from "../../schemas/resources.js";

const tags = ["experiments"];
const notFound = { 404: { description: "No such project or experiment", schema: problemSchema } };
const writeErrors = {
  400: { description: "Invalid input", schema: problemSchema },
  409: {
    description: "Not possible in the experiment's status or with the flag as configured",
    schema: problemSchema,
  },
  412: { description: "If-Match is stale", schema: problemSchema },
  422: {
    description: "A variation, rule or metric that does not fit the flag",
    schema: problemSchema,
  },
  ...notFound,
};
const hypothesis = z.string().max(5000);
const variationKey = z.string().min(1).max(128);
const secondaryMetrics = z.array(metricInput).max(20);

/** The definition fields a draft may set (on create and with PATCH). */
const definitionFields = {
  controlVariation: variationKey
    .optional()
    .meta({ description: "The control's variation key (default: the flag's first variation)" }),
  rule: z.string().min(1).max(128).nullable().optional().meta({
    description:
      "The rule whose rollout splits traffic (default, or null: the flag's fallthrough rollout)",
  }),
  primaryMetric: metricInput
    .optional()
    .meta({ description: "The metric the verdict is about; required to start" }),
  secondaryMetrics: secondaryMetrics.optional(),
};

type DefinitionBody = {
  controlVariation?: string | undefined;
  rule?: string | null | undefined;
  primaryMetric?: MetricDefinition | undefined;
  secondaryMetrics?: MetricDefinition[] | undefined;
};

/** Variation, rule and metric choices checked against the flag as configured now. */
function checkDefinition(
  body: DefinitionBody,
  settings: FlagSettings,
  merged: {
    primary: MetricDefinition | null;
    secondary: MetricDefinition[];
  },
): void {
  const errors: FieldError[] = [];
  const keys = settings.variations.map((variation) => variation.key);
  if (body.controlVariation !== undefined && !keys.includes(body.controlVariation)) {
    errors.push(
      bodyError(
        "/controlVariation",
        `no variation "${body.controlVariation}"; the flag has ${keys.map((key) => `"${key}"`).join(", ")}`,
      ),
    );
  }
  if (typeof body.rule === "string" && !settings.rules.some((rule) => rule.id === body.rule)) {
    errors.push(bodyError("/rule", `the flag has no rule with id "${body.rule}" here`));
  }
  const seen = new Set<string>();
  const all = merged.primary ? [merged.primary, ...merged.secondary] : merged.secondary;
  all.forEach((metric, index) => {
    const id = `${metric.kind}:${metric.eventKey}`;
    if (seen.has(id)) {
      const pointer =
        merged.primary && index === 0
          ? "/primaryMetric"
          : `/secondaryMetrics/${merged.primary ? index - 1 : index}`;
      errors.push(
        bodyError(pointer, `the ${metric.kind} metric on "${metric.eventKey}" is listed twice`),
      );
    }
    seen.add(id);
  });
  if (errors.length > 0) {
    throw problems.unprocessable(
      "invalid-experiment",
      errors.map((error) => `${error.field}: ${error.message}`).join("; "),
      errors,
    );
  }
}

/**
 * What starting needs from the flag as configured at the moment it starts: a primary metric, a
 * control among the variations, and a rollout (the experiment's serve) that sends traffic to the
 * control and at least one other variation. Returns the split to record.
 */
function startingSplit(experiment: ExperimentWithNames, settings: FlagSettings): ExperimentSplit {
  const definition = definitionOf(experiment);
  const name = `experiment "${experiment.key}"`;
  if (!definition.primaryMetric) {
    throw problems.conflict(
      `${name} has no primary metric: set one (PATCH primaryMetric: { eventKey, kind }) before starting it`,
    );
  }
  const control = definition.control ?? settings.variations[0]?.key;
  const controlIndex = settings.variations.findIndex((variation) => variation.key === control);
  if (control === undefined || controlIndex < 0) {
    throw problems.conflict(
      `${name}: its control variation "${control}" is not a variation of flag "${experiment.flag_key}" in "${experiment.environment_key}"`,
    );
  }
  const serveName = definition.rule === null ? "its fallthrough" : `its rule "${definition.rule}"`;
  if (definition.rule !== null && !settings.rules.some((rule) => rule.id === definition.rule)) {
    throw problems.conflict(
      `${name}: flag "${experiment.flag_key}" has no rule "${definition.rule}" in "${experiment.environment_key}"`,
    );
  }
  const split = splitOf(settings, definition.rule);
  if (!split) {
    throw problems.conflict(
      `${name}: flag "${experiment.flag_key}" serves one variation from ${serveName} in "${experiment.environment_key}", not a rollout; split traffic first (POST …/flags/${experiment.flag_key}/rollout with a split)`,
    );
  }
  const others = split.weights.filter((weight, index) => index !== controlIndex && weight > 0);
  if (!((split.weights[controlIndex] ?? 0) > 0) || others.length === 0) {
    throw problems.conflict(
      `${name}: the rollout of ${serveName} must send traffic to the control "${control}" and at least one other variation (weights: ${split.weights.join(", ")})`,
    );
  }
  return split;
}

/** Sets (or, with `null`, removes) the experiment link on the flag's configuration. */
async function linkFlag(
  unit: WriteUnit,
  experiment: ExperimentWithNames,
  projectKey: string,
  link: { key: string; running: boolean } | null,
  inspect?: (current: FlagSettings) => void,
) {
  await changeFlagSettings(
    unit,
    { project: projectKey, environment: experiment.environment_key, flag: experiment.flag_key },
    { ifMatch: undefined, action: "flag.experiment" },
    (current) => {
      inspect?.(current);
      const next = { ...current };
      if (link) next.experiment = link;
      else if (current.experiment?.key === experiment.key) delete next.experiment;
      return next;
    },
  );
}

async function auditExperiment(
  unit: WriteUnit,
  action: string,
  projectKey: string,
  before: ExperimentWithNames | null,
  after: ExperimentWithNames | null,
) {
  const subject = (after ?? before) as ExperimentWithNames;
  await unit.audit({
    action,
    resourceType: "experiment",
    resourceKey: subject.key,
    projectKey,
    environmentKey: subject.environment_key,
    flagKey: subject.flag_key,
    before: before && presentExperiment(before),
    after: after && presentExperiment(after),
  });
}

function transition(to: "running" | "stopped") {
  const action = to === "running" ? "start" : "stop";
  return defineRoute({
    method: "POST",
    url: `/api/v1/projects/:project/experiments/:experiment/${action}`,
    operationId: `${action}Experiment`,
    summary:
      to === "running"
        ? "Start the experiment: SDKs begin reporting exposures; its split is recorded and guarded"
        : "Stop the experiment for good: conversions from now on no longer count",
    tags,
    access: { kind: "admin", role: "writer", scope: "project" },
    write: true,
    params: experimentParams,
    body: commentOnlyBody,
    responses: { 200: { description: "The experiment", schema: experimentSchema }, ...writeErrors },
    async handler({ params, ifMatch, write }) {
      return write(async (unit) => {
        const project = await requireProject(unit.tx, params.project);
        const experiment = await requireExperiment(unit.tx, project, params.experiment);
        assertVersionMatches(ifMatch, experiment.version, `experiment "${experiment.key}"`);
        const allowedFrom = to === "running" ? "draft" : "running";
        if (experiment.status !== allowedFrom) {
          throw problems.conflict(
            `experiment "${experiment.key}" is ${experiment.status}; only a ${allowedFrom} experiment can be ${to === "running" ? "started" : "stopped"}`,
          );
        }
        let split = experiment.split;
        await linkFlag(
          unit,
          experiment,
          project.key,
          { key: experiment.key, running: to === "running" },
          (current) => {
            if (to === "running") split = toJson(startingSplit(experiment, current));
          },
        );
        const updated: ExperimentWithNames = {
          ...experiment,
          status: to,
          split,
          started_at: to === "running" ? unit.now : experiment.started_at,
          stopped_at: to === "stopped" ? unit.now : experiment.stopped_at,
          version: experiment.version + 1,
          updated_at: unit.now,
        };
        await updateExperiment(unit.tx, experiment.id, {
          status: updated.status,
          split: updated.split,
          started_at: updated.started_at,
          stopped_at: updated.stopped_at,
          version: updated.version,
          updated_at: updated.updated_at,
        });
        await auditExperiment(unit, `experiment.${action}`, project.key, experiment, updated);
        return { status: 200, body: presentExperiment(updated) };
      });
    },
  });
}

export const experimentRoutes = [
  defineRoute({
    method: "GET",
    url: "/api/v1/projects/:project/experiments",
    operationId: "listExperiments",
    summary: "List experiments (filters: environment, flag, status)",
    tags,
    access: { kind: "admin", role: "reader", scope: "project" },
    params: projectParams,
    query: paginationQuery.extend({
      environment: resourceKey.optional(),
      flag: resourceKey.optional(),
      status: z.enum(["draft", "running", "stopped"]).optional(),
    }),
    responses: {
      200: { description: "A page of experiments", schema: pageOf(experimentSchema) },
      ...notFound,
    },
    async handler({ services, params, query }) {
      const project = await requireProject(services.db, params.project);
      const environment = query.environment
        ? await findEnvironment(services.db, project.id, query.environment)
        : undefined;
      const flag = query.flag ? await findFlag(services.db, project.id, query.flag) : undefined;
      if ((query.environment && !environment) || (query.flag && !flag))
        return { items: [], nextCursor: null };
      const rows = await listExperiments(services.db, {
        projectId: project.id,
        limit: query.limit,
        after: decodeCursor<string>(query.cursor, "string"),
        environmentId: environment?.id,
        flagId: flag?.id,
        status: query.status,
      });
      return toPage(rows, query.limit, (row) => row.key, presentExperiment);
    },
  }),

  defineRoute({
    method: "POST",
    url: "/api/v1/projects/:project/experiments",
    operationId: "createExperiment",
    summary: "Create a draft experiment on a flag in one environment",
    description:
      "The flag's rollout (its fallthrough's, or `rule`'s) splits traffic between the variations. Metrics are conversion event keys sent with `track`: `binomial` (converted at least once) or `value` (sum of the values per context, averaged over exposed contexts).",
    tags,
    access: { kind: "admin", role: "writer", scope: "project" },
    write: true,
    params: projectParams,
    body: z.strictObject({
      key: resourceKey,
      flag: resourceKey,
      environment: resourceKey,
      name: displayName.optional(),
      hypothesis: hypothesis.optional(),
      ...definitionFields,
      comment,
    }),
    responses: { 201: { description: "Created", schema: experimentSchema }, ...writeErrors },
    async handler({ params, body, write }) {
      return write(async (unit) => {
        const project = await requireProject(unit.tx, params.project);
        const environment = await findEnvironment(unit.tx, project.id, body.environment);
        if (!environment) {
          throw problems.unprocessable(
            "unknown-environment",
            `no environment "${body.environment}"`,
            [bodyError("/environment", "no such environment")],
          );
        }
        const flag = await findFlag(unit.tx, project.id, body.flag);
        if (!flag)
          throw problems.unprocessable("unknown-flag", `no flag "${body.flag}"`, [
            bodyError("/flag", "no such flag"),
          ]);
        if (await findExperiment(unit.tx, project.id, body.key)) {
          throw problems.conflict(`experiment "${body.key}" already exists`, [
            bodyError("/key", "already taken"),
          ]);
        }
        const active = await findActiveExperimentForFlag(unit.tx, flag.id, environment.id);
        if (active) {
          throw problems.conflict(
            `flag "${flag.key}" already has experiment "${active.key}" (${active.status}) in "${environment.key}"`,
            [bodyError("/flag", `already in experiment "${active.key}"`)],
          );
        }
        const settings = settingsOf(await requireFlagConfig(unit.tx, flag, environment));
        const primary = body.primaryMetric ?? null;
        const secondary = body.secondaryMetrics ?? [];
        checkDefinition(body, settings, { primary, secondary });
        const row: ExperimentWithNames = {
          id: newId("exp"),
          project_id: project.id,
          environment_id: environment.id,
          flag_id: flag.id,
          key: body.key,
          name: body.name ?? body.key,
          hypothesis: body.hypothesis ?? "",
          status: "draft",
          started_at: null,
          stopped_at: null,
          version: 1,
          created_at: unit.now,
          updated_at: unit.now,
          control_variation: body.controlVariation ?? null,
          rule_id: body.rule ?? null,
          primary_metric: primary ? toJson(primary) : null,
          secondary_metrics: toJson(secondary),
          split: null,
          forced_changes: 0,
          environment_key: environment.key,
          flag_key: flag.key,
        };
        const { environment_key: _environment, flag_key: _flag, ...stored } = row;
        await insertExperiment(unit.tx, stored);
        await linkFlag(unit, row, project.key, { key: row.key, running: false });
        await auditExperiment(unit, "experiment.create", project.key, null, row);
        return { status: 201, body: presentExperiment(row) };
      });
    },
  }),

  defineRoute({
    method: "GET",
    url: "/api/v1/projects/:project/experiments/:experiment",
    operationId: "getExperiment",
    summary: "Get an experiment",
    tags,
    access: { kind: "admin", role: "reader", scope: "project" },
    params: experimentParams,
    responses: { 200: { description: "The experiment", schema: experimentSchema }, ...notFound },
    async handler({ services, params, reply }) {
      const project = await requireProject(services.db, params.project);
      const experiment = await requireExperiment(services.db, project, params.experiment);
      reply.header("etag", etagOf(experiment.version));
      return presentExperiment(experiment);
    },
  }),

  defineRoute({
    method: "PATCH",
    url: "/api/v1/projects/:project/experiments/:experiment",
    operationId: "updateExperiment",
    summary:
      "Rename an experiment or restate its hypothesis; while a draft, change its control, rule and metrics",
    tags,
    access: { kind: "admin", role: "writer", scope: "project" },
    write: true,
    params: experimentParams,
    body: z.strictObject({
      name: displayName.optional(),
      hypothesis: hypothesis.optional(),
      ...definitionFields,
      comment,
    }),
    responses: { 200: { description: "Updated", schema: experimentSchema }, ...writeErrors },
    async handler({ params, body, ifMatch, write }) {
      return write(async (unit) => {
        const project = await requireProject(unit.tx, params.project);
        const experiment = await requireExperiment(unit.tx, project, params.experiment);
        assertVersionMatches(ifMatch, experiment.version, `experiment "${experiment.key}"`);
        const definitionChanged = (
          ["controlVariation", "rule", "primaryMetric", "secondaryMetrics"] as const
        ).filter((field) => body[field] !== undefined);
        if (definitionChanged.length > 0 && experiment.status !== "draft") {
          throw problems.conflict(
            `experiment "${experiment.key}" is ${experiment.status}: its control, rule and metrics are fixed once it has started (results are aggregated for them)`,
            definitionChanged.map((field) => bodyError(`/${field}`, "fixed once started")),
          );
        }
        const current = definitionOf(experiment);
        const primary = body.primaryMetric ?? current.primaryMetric;
        const secondary = body.secondaryMetrics ?? current.secondaryMetrics;
        if (definitionChanged.length > 0) {
          const flag = await findFlag(unit.tx, project.id, experiment.flag_key);
          const environment = await findEnvironment(
            unit.tx,
            project.id,
            experiment.environment_key,
          );
          if (flag && environment) {
            const settings = settingsOf(await requireFlagConfig(unit.tx, flag, environment));
            checkDefinition(body, settings, { primary, secondary });
          }
        }
        const updated: ExperimentWithNames = {
          ...experiment,
          name: body.name ?? experiment.name,
          hypothesis: body.hypothesis ?? experiment.hypothesis,
          control_variation:
            body.controlVariation !== undefined
              ? body.controlVariation
              : experiment.control_variation,
          rule_id: body.rule !== undefined ? body.rule : experiment.rule_id,
          primary_metric: primary ? toJson(primary) : null,
          secondary_metrics: toJson(secondary),
          version: experiment.version + 1,
          updated_at: unit.now,
        };
        await updateExperiment(unit.tx, experiment.id, {
          name: updated.name,
          hypothesis: updated.hypothesis,
          control_variation: updated.control_variation,
          rule_id: updated.rule_id,
          primary_metric: updated.primary_metric,
          secondary_metrics: updated.secondary_metrics,
          version: updated.version,
          updated_at: updated.updated_at,
        });
        await auditExperiment(unit, "experiment.update", project.key, experiment, updated);
        return { status: 200, body: presentExperiment(updated) };
      });
    },
  }),

  transition("running"),
  transition("stopped"),

  defineRoute({
    method: "DELETE",
    url: "/api/v1/projects/:project/experiments/:experiment",
    operationId: "deleteExperiment",
    summary:
      "Delete an experiment that is not running, with its results (its link leaves the flag)",
    tags,
    access: { kind: "admin", role: "writer", scope: "project" },
    write: true,
    params: experimentParams,
    body: commentOnlyBody,
    responses: { 204: { description: "Deleted" }, ...writeErrors },
    async handler({ params, ifMatch, write }) {
      return write(async (unit) => {
        const project = await requireProject(unit.tx, params.project);
        const experiment = await requireExperiment(unit.tx, project, params.experiment);
        assertVersionMatches(ifMatch, experiment.version, `experiment "${experiment.key}"`);
        if (experiment.status === "running") {
          throw problems.conflict(`experiment "${experiment.key}" is running; stop it first`);
        }
        await deleteExperiment(unit.tx, experiment.id);
        await linkFlag(unit, experiment, project.key, null);
        await auditExperiment(unit, "experiment.delete", project.key, experiment, null);
        return { status: 204, body: null };
      });
    },
  }),
];
