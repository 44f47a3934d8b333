/** An experiment's status as a badge: draft, running, stopped. */
import type { ExperimentStatus } from "../api/types.ts";

export interface ExperimentStatusBadgeProps {
  status: ExperimentStatus;
}

export function ExperimentStatusBadge({ status }: ExperimentStatusBadgeProps) {
  const className =
    status === "running" ? "badge on" : status === "stopped" ? "badge" : "badge warning";
  return <span className={className}>{status}</span>;
}
