/**
 * An experiment's results: read from the aggregates ingestion keeps (a few rows per variation and
 * metric, whatever the traffic) and computed by @flagswitch/stats (experiments/results.ts).
 * Two addresses: nested under its project like every experiment route, and
 * `/api/v1/experiments/:experiment/results?project=` as issue 6 names it.
 */

import type { Kysely } from "kysely";
import { z } from "zod";
import { canSeeProject } from "../../auth/access.js";
import { readExperimentTotals } from "../../db/repositories/experiment-aggregates.js";
import type { Database } from "../../db/schema.js";
import { requireExperiment, requireProject } from "../../domain/lookups.js";
import { definitionOf } from "../../experiments/definition.js";
import { computeResults } from "../../experiments/results.js";
import { problems } from "../../http/problem.js";
import { defineRoute } from "../../http/route.js";
import { experimentParams, resourceKey } from "../../schemas/common.js";
import { experimentResultsSchema } from "../../schemas/experiment-results.js";
import { problemSchema } from "../../schemas/resources.js";

async function readResults(
  db: Kysely<Database>,
  projectKey: string,
  experimentKey: string,
  now: Date,
) {
  const project = await requireProject(db, projectKey);
  const experiment = await requireExperiment(db, project, experimentKey);
  const totals = await readExperimentTotals(db, experiment.id);
  const results = computeResults(definitionOf(experiment), totals, experiment.forced_changes);
  return {
    experiment: {
      key: experiment.key,
      project: project.key,
      flag: experiment.flag_key,
      environment: experiment.environment_key,
      status: experiment.status as "draft" | "running" | "stopped",
      hypothesis: experiment.hypothesis,
      startedAt: experiment.started_at,
      stoppedAt: experiment.stopped_at,
    },
    generatedAt: now.toISOString(),
    ...results,
  };
}

const responses = {
  200: { description: "The experiment's results", schema: experimentResultsSchema },
  404: { description: "No such project or experiment", schema: problemSchema },
};
const description =
  "Per metric and variation: exposed and converting contexts, rate (Wilson 95 % interval) or mean (Student-t 95 % interval); against control: absolute and relative lift with 95 % intervals, two-sided p-value (pooled two-proportion z-test, or Welch's t-test for value metrics), Holm-adjusted p-value, Bayesian chance to beat control and expected loss (binomial); the sample-ratio check; health warnings; and a plain-language verdict on the primary metric.";

export const experimentResultsRoutes = [
  defineRoute({
    method: "GET",
    url: "/api/v1/projects/:project/experiments/:experiment/results",
    operationId: "getExperimentResults",
    summary: "An experiment's results with statistics and verdict",
    description,
    tags: ["experiments"],
    access: { kind: "admin", role: "reader", scope: "project" },
    params: experimentParams,
    responses,
    async handler({ services, params }) {
      return readResults(services.db, params.project, params.experiment, services.clock.now());
    },
  }),
  defineRoute({
    method: "GET",
    url: "/api/v1/experiments/:experiment/results",
    operationId: "getExperimentResultsByKey",
    summary: "An experiment's results (project from ?project=, or the token's project)",
    description,
    tags: ["experiments"],
    access: { kind: "admin", role: "reader", scope: "any" },
    params: z.object({ experiment: resourceKey }),
    query: z.object({ project: resourceKey.optional() }),
    responses: {
      ...responses,
      400: { description: "No project given", schema: problemSchema },
    },
    async handler({ services, params, query, admin }) {
      const project = query.project ?? admin.projectKey;
      if (project === null || project === undefined) {
        throw problems.validation([
          {
            field: "project",
            pointer: "/project",
            in: "query",
            message: "required: which project's experiment (?project=<key>)",
          },
        ]);
      }
      if (!canSeeProject(admin, project)) {
        throw problems.forbidden(
          `the token "${admin.name}" is limited to project "${admin.projectKey}"`,
        );
      }
      return readResults(services.db, project, params.experiment, services.clock.now());
    },
  }),
];
