/**
 * /api/v1/projects/:project/experiments: a flag's rollout in one environment, measured.
 * Creating one links it in the flag's document entry (`experiment: { key, running }`); start
 * and stop flip `running`, which is what makes SDKs send exposures.
 */
import { z } from "zod";
import { newId } from "../../clock.js";
import { decodeCursor, toPage } from "../../db/cursor.js";
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
import { changeFlagSettings } from "../../domain/flag-writes.js";
import { requireExperiment, requireProject } from "../../domain/lookups.js";
import { presentExperiment } from "../../domain/presenters.js";
import type { WriteUnit } from "../../domain/write-unit.js";
import { assertVersionMatches, etagOf } from "../../http/preconditions.js";
import { bodyError, problems } from "../../http/problem.js";
import { defineRoute } from "../../http/route.js";
import {
  comment,
  commentOnlyBody,
  displayName,
  experimentParams,
  paginationQuery,
  projectParams,
  resourceKey,
} from "../../schemas/common.js";
import { experimentSchema, pageOf, problemSchema } from "../../schemas/resources.js";

const tags = ["experiments"];
const notFound = { 404: { description: "No such project or experiment", schema: problemSchema } };
const writeErrors = {
  400: { description: "Invalid input", schema: problemSchema },
  409: { description: "Not possible in the experiment's status", schema: problemSchema },
  412: { description: "If-Match is stale", schema: problemSchema },
  ...notFound,
};
const hypothesis = z.string().max(5000);

/** Sets (or, with `null`, removes) the experiment link on the flag's configuration. */
async function linkFlag(
  unit: WriteUnit,
  experiment: ExperimentWithNames,
  projectKey: string,
  link: { key: string; running: boolean } | null,
) {
  await changeFlagSettings(
    unit,
    { project: projectKey, environment: experiment.environment_key, flag: experiment.flag_key },
    { ifMatch: undefined, action: "flag.experiment" },
    (current) => {
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
        ? "Start the experiment: SDKs begin reporting exposures"
        : "Stop the experiment for good",
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
        const updated: ExperimentWithNames = {
          ...experiment,
          status: to,
          started_at: to === "running" ? unit.now : experiment.started_at,
          stopped_at: to === "stopped" ? unit.now : experiment.stopped_at,
          version: experiment.version + 1,
          updated_at: unit.now,
        };
        await updateExperiment(unit.tx, experiment.id, {
          status: updated.status,
          started_at: updated.started_at,
          stopped_at: updated.stopped_at,
          version: updated.version,
          updated_at: updated.updated_at,
        });
        await linkFlag(unit, experiment, project.key, {
          key: experiment.key,
          running: to === "running",
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
    summary: "Rename an experiment or restate its hypothesis",
    tags,
    access: { kind: "admin", role: "writer", scope: "project" },
    write: true,
    params: experimentParams,
    body: z.strictObject({
      name: displayName.optional(),
      hypothesis: hypothesis.optional(),
      comment,
    }),
    responses: { 200: { description: "Updated", schema: experimentSchema }, ...writeErrors },
    async handler({ params, body, ifMatch, write }) {
      return write(async (unit) => {
        const project = await requireProject(unit.tx, params.project);
        const experiment = await requireExperiment(unit.tx, project, params.experiment);
        assertVersionMatches(ifMatch, experiment.version, `experiment "${experiment.key}"`);
        const updated = {
          ...experiment,
          name: body.name ?? experiment.name,
          hypothesis: body.hypothesis ?? experiment.hypothesis,
          version: experiment.version + 1,
          updated_at: unit.now,
        };
        await updateExperiment(unit.tx, experiment.id, {
          name: updated.name,
          hypothesis: updated.hypothesis,
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
    summary: "Delete an experiment that is not running (its link leaves the flag)",
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
