/** The page component for a project route. */
import { AuditPage } from "../pages/audit-page.tsx";
import { CreateExperimentPage } from "../pages/create-experiment-page.tsx";
import { CreateFlagPage } from "../pages/create-flag-page.tsx";
import { ExperimentPage } from "../pages/experiment-page.tsx";
import { ExperimentsPage } from "../pages/experiments-page.tsx";
import { FlagPage } from "../pages/flag-page.tsx";
import { FlagsPage } from "../pages/flags-page.tsx";
import { KeysPage } from "../pages/keys-page.tsx";
import { SegmentPage } from "../pages/segment-page.tsx";
import { SegmentsPage } from "../pages/segments-page.tsx";
import type { ProjectRoute } from "./route.ts";

export interface ProjectPageProps {
  route: ProjectRoute;
}

export function ProjectPage({ route }: ProjectPageProps) {
  switch (route.name) {
    case "flags":
      return <FlagsPage />;
    case "flag-new":
      return <CreateFlagPage />;
    case "flag":
      return <FlagPage key={route.flag} flagKey={route.flag} />;
    case "segments":
      return <SegmentsPage />;
    case "segment-new":
      return <SegmentPage key="new" />;
    case "segment":
      return <SegmentPage key={`${route.segment}@${route.env ?? ""}`} segmentKey={route.segment} />;
    case "experiments":
      return <ExperimentsPage />;
    case "experiment-new":
      return <CreateExperimentPage />;
    case "experiment":
      return <ExperimentPage key={route.experiment} experimentKey={route.experiment} />;
    case "audit":
      return <AuditPage key={route.flag ?? ""} flag={route.flag} />;
    case "keys":
      return <KeysPage />;
  }
}
