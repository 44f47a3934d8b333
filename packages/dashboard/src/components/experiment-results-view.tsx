/**
 * An experiment's results: the plain-language verdict first, the sample-ratio-mismatch warning
 * when the traffic split is off (results are then suspect) with the observed and configured
 * shares side by side, the server's other health warnings, and each metric's numbers.
 */
import type { ExperimentResults, VerdictOutcome } from "../api/experiment-results.ts";
import { formatCount, formatDateTime, formatPStatement, formatRate } from "../lib/format.ts";
import { MetricResults } from "./metric-results.tsx";

export interface ExperimentResultsViewProps {
  results: ExperimentResults;
}

const OUTCOME_LABEL: Record<VerdictOutcome, string> = {
  winner: "Winner",
  loser: "Worse than control",
  inconclusive: "Inconclusive",
  "insufficient-data": "Not enough data yet",
  invalid: "Not trustworthy",
};

export function ExperimentResultsView({ results }: ExperimentResultsViewProps) {
  const { sampleRatio, health, variations } = results;
  const totalExposed = variations.reduce((sum, variation) => sum + variation.exposed, 0);
  const totalWeight = variations.reduce((sum, variation) => sum + variation.weight, 0);
  // The server words the mismatch as a warning too; it is shown on its own, with the numbers.
  const otherWarnings = health.warnings.filter(
    (warning) => !(sampleRatio.mismatch && warning.startsWith("sample-ratio mismatch")),
  );
  return (
    <>
      <div
        className={`card verdict ${results.verdict.outcome}`}
        role="status"
        data-testid="experiment-verdict"
      >
        <span className="badge">{OUTCOME_LABEL[results.verdict.outcome]}</span>{" "}
        {results.verdict.text}
      </div>
      <p className="hint">
        {formatCount(totalExposed)} contexts exposed · control{" "}
        <code>{results.controlVariation ?? "—"}</code> · significance level{" "}
        {formatRate(results.alpha, 0)} · computed {formatDateTime(results.generatedAt)}
      </p>
      {sampleRatio.mismatch && (
        <div className="notice error" role="alert">
          <p>
            <strong>Sample-ratio mismatch:</strong> the exposed counts do not match the configured
            split (χ² = {sampleRatio.chiSquare.toFixed(2)}, {formatPStatement(sampleRatio.pValue)}
            ). Something is assigning or counting traffic unevenly; do not trust these results until
            it is explained.
          </p>
          <ul aria-label="Observed and configured split">
            {variations.map((variation) => (
              <li key={variation.key}>
                <code>{variation.key}</code>:{" "}
                {totalExposed > 0 ? formatRate(variation.exposed / totalExposed, 1) : "—"} of
                exposures, configured{" "}
                {totalWeight > 0 ? formatRate(variation.weight / totalWeight, 1) : "—"}
              </li>
            ))}
          </ul>
        </div>
      )}
      {otherWarnings.length > 0 && (
        <div className="notice warning">
          <ul aria-label="Warnings about these results">
            {otherWarnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        </div>
      )}
      {results.metrics.length === 0 ? (
        <p className="empty">This experiment has no metric yet: set a primary metric to measure.</p>
      ) : (
        results.metrics.map((metric) => <MetricResults key={metric.eventKey} metric={metric} />)
      )}
    </>
  );
}
