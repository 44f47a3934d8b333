/**
 * An experiment's results: the plain-language verdict first, the sample-ratio-mismatch warning
 * when the split is off (results are then suspect), contexts excluded for seeing two
 * variations, and each metric's numbers.
 */
import type { ExperimentResults } from "../api/experiment-results.ts";
import { formatCount, formatPStatement } from "../lib/format.ts";
import { MetricResults } from "./metric-results.tsx";

export interface ExperimentResultsViewProps {
  results: ExperimentResults;
}

export function ExperimentResultsView({ results }: ExperimentResultsViewProps) {
  return (
    <>
      <div className="card verdict" role="status" data-testid="experiment-verdict">
        {results.verdict}
      </div>
      {results.srm.mismatch && (
        <div className="notice error" role="alert">
          <strong>Sample-ratio mismatch:</strong> the exposed counts do not match the configured
          split (χ² = {results.srm.chiSquare.toFixed(2)}, {formatPStatement(results.srm.pValue)}).
          Something is assigning or counting traffic unevenly; do not trust these results until it
          is explained.
        </div>
      )}
      {(results.multipleExposures ?? 0) > 0 && (
        <div className="notice warning">
          {formatCount(results.multipleExposures ?? 0)} contexts saw more than one variation and are
          left out of the counts.
        </div>
      )}
      {results.metrics.map((metric) => (
        <MetricResults key={metric.eventKey} metric={metric} control={results.control} />
      ))}
    </>
  );
}
