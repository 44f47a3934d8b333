/** Every API route, in the order the OpenAPI document lists them. */
import type { RouteDefinition } from "../http/route.js";
import { auditRoutes } from "./admin/audit.js";
import { changeStreamRoutes } from "./admin/change-stream.js";
import { environmentRoutes } from "./admin/environments.js";
import { experimentResultsRoutes } from "./admin/experiment-results.js";
import { experimentRoutes } from "./admin/experiments.js";
import { flagActionRoutes } from "./admin/flag-actions.js";
import { flagConfigRoutes } from "./admin/flag-configs.js";
import { flagRoutes } from "./admin/flags.js";
import { keyRoutes } from "./admin/keys.js";
import { meRoutes } from "./admin/me.js";
import { projectRoutes } from "./admin/projects.js";
import { segmentRoutes } from "./admin/segments.js";
import { sdkEvaluateRoutes } from "./sdk/evaluate.js";
import { sdkEventsRoutes } from "./sdk/events.js";
import { sdkFlagsRoutes } from "./sdk/flags.js";
import { sdkStreamRoutes } from "./sdk/stream.js";

export const apiRoutes: RouteDefinition[] = [
  ...projectRoutes,
  ...environmentRoutes,
  ...flagRoutes,
  ...flagConfigRoutes,
  ...flagActionRoutes,
  ...segmentRoutes,
  ...experimentRoutes,
  ...experimentResultsRoutes,
  ...keyRoutes,
  ...meRoutes,
  ...auditRoutes,
  ...changeStreamRoutes,
  ...sdkFlagsRoutes,
  ...sdkStreamRoutes,
  ...sdkEvaluateRoutes,
  ...sdkEventsRoutes,
];
