/**
 * One metric's results: each variation's rate (or mean) with its 95 % interval, drawn and in a
 * table, with the lift over control and its interval, the p-value (Holm-adjusted when several
 * treatments share control), the Bayesian chance to beat control, and each treatment's verdict.
 */
import type { Interval, MetricResult, VariationComparison } from "../api/experiment-results.ts";
import { formatCount, formatLift, formatPValue, formatRate } from "../lib/format.ts";
import { IntervalChart } from "./interval-chart.tsx";
import { variationColor } from "./variation-colors.ts";

export interface MetricResultsProps {
  metric: MetricResult;
}

export function MetricResults({ metric }: MetricResultsProps) {
  const binomial = metric.kind === "binomial";
  const format = binomial
    ? (value: number) => formatRate(value, 1)
    : (value: number) => value.toFixed(2);
  const treatments = metric.variations.filter((variation) => variation.comparison !== null);
  return (
    <section className="card" aria-labelledby={`metric-${metric.eventKey}`}>
      <h3 id={`metric-${metric.eventKey}`}>
        <code>{metric.eventKey}</code>{" "}
        <span className="badge">{metric.primary ? "primary" : "secondary"}</span>{" "}
        <span className="hint">{binomial ? "conversion rate" : "mean value per context"}</span>
      </h3>
      {metric.variations.length === 0 ? (
        <p className="empty">No exposures yet: nothing to compare.</p>
      ) : (
        <IntervalChart
          title={`${metric.eventKey}: ${binomial ? "conversion rate" : "mean"} by variation, with 95 % intervals`}
          format={format}
          rows={metric.variations.map((variation, index) => ({
            label: variation.variation,
            estimate: variation.estimate,
            interval: variation.interval,
            color: variationColor(index),
            isControl: variation.control,
          }))}
        />
      )}
      {metric.variations.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{metric.eventKey} by variation</caption>
            <thead>
              <tr>
                <th scope="col">Variation</th>
                <th scope="col" className="num">
                  Exposed
                </th>
                <th scope="col" className="num">
                  {binomial ? "Converted" : "Total value"}
                </th>
                <th scope="col" className="num">
                  {binomial ? "Rate (95 % CI)" : "Mean (95 % CI)"}
                </th>
                <th scope="col" className="num">
                  Lift vs control (95 % CI)
                </th>
                <th scope="col" className="num">
                  p-value
                </th>
                <th scope="col" className="num">
                  Chance to beat control
                </th>
              </tr>
            </thead>
            <tbody>
              {metric.variations.map((variation) => {
                const comparison = variation.comparison;
                return (
                  <tr key={variation.variation}>
                    <th scope="row">
                      <code>{variation.variation}</code>
                      {variation.control && " (control)"}
                    </th>
                    <td className="num">{formatCount(variation.exposed)}</td>
                    <td className="num">
                      {binomial ? formatCount(variation.converting) : variation.sum.toFixed(2)}
                    </td>
                    <td className="num">
                      {format(variation.estimate)} {formatInterval(variation.interval, format)}
                    </td>
                    <td className="num">
                      {comparison ? formatComparisonLift(comparison, format) : "—"}
                    </td>
                    <td className="num">
                      {comparison ? formatPValue(comparison.adjustedPValue) : "—"}
                    </td>
                    <td className="num">
                      {comparison?.chanceToBeatControl != null
                        ? formatRate(comparison.chanceToBeatControl, 1)
                        : "—"}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {treatments.length > 0 && (
        <ul className="metric-verdicts" aria-label={`${metric.eventKey}: verdict per variation`}>
          {treatments.map((variation) => (
            <li key={variation.variation}>
              <code>{variation.variation}</code>: {variation.comparison?.verdict.text}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function formatInterval(interval: Interval, format: (value: number) => string): string {
  return interval ? `(${format(interval[0])} … ${format(interval[1])})` : "(no interval yet)";
}

/** Relative lift when control is not zero, else the absolute difference. */
function formatComparisonLift(
  comparison: VariationComparison,
  format: (value: number) => string,
): string {
  if (comparison.relativeLift !== null) {
    const interval = comparison.relativeLiftInterval;
    return `${formatLift(comparison.relativeLift)} ${
      interval ? `(${formatLift(interval[0])} … ${formatLift(interval[1])})` : ""
    }`.trim();
  }
  const interval = comparison.absoluteLiftInterval;
  const signed = (value: number) => `${value >= 0 ? "+" : "−"}${format(Math.abs(value))}`;
  return `${signed(comparison.absoluteLift)} ${
    interval ? `(${signed(interval[0])} … ${signed(interval[1])})` : ""
  }`.trim();
}
