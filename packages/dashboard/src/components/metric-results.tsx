/**
 * One metric's results: each variation's rate (or mean) with its 95 % interval, drawn and in a
 * table, with lift over control, p-value (Holm-adjusted when the server gives it) and the
 * Bayesian chance to beat control.
 */
import type { MetricResult } from "../api/experiment-results.ts";
import { formatCount, formatLift, formatPValue, formatRate } from "../lib/format.ts";
import { IntervalChart } from "./interval-chart.tsx";
import { variationColor } from "./variation-colors.ts";

export interface MetricResultsProps {
  metric: MetricResult;
  control: string;
}

export function MetricResults({ metric, control }: MetricResultsProps) {
  const binomial = metric.kind === "binomial";
  const format = binomial
    ? (value: number) => formatRate(value, 1)
    : (value: number) => value.toFixed(2);
  return (
    <section className="card" aria-labelledby={`metric-${metric.eventKey}`}>
      <h3 id={`metric-${metric.eventKey}`}>
        <code>{metric.eventKey}</code>{" "}
        {metric.primary ? (
          <span className="badge">primary</span>
        ) : (
          <span className="badge">secondary</span>
        )}{" "}
        <span className="hint">{binomial ? "conversion rate" : "mean value per context"}</span>
      </h3>
      {metric.verdict && <p>{metric.verdict}</p>}
      <IntervalChart
        title={`${metric.eventKey}: ${binomial ? "conversion rate" : "mean"} by variation, with 95 % intervals`}
        format={format}
        rows={metric.variations.map((variation, index) => ({
          label: variation.variation,
          estimate: variation.rate,
          low: variation.interval[0],
          high: variation.interval[1],
          color: variationColor(index),
          isControl: variation.isControl ?? variation.variation === control,
        }))}
      />
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">{metric.eventKey} by variation</caption>
          <thead>
            <tr>
              <th scope="col">Variation</th>
              <th scope="col" className="num">
                Exposed
              </th>
              {binomial && (
                <th scope="col" className="num">
                  Converted
                </th>
              )}
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
                    {(variation.isControl ?? variation.variation === control) && " (control)"}
                  </th>
                  <td className="num">{formatCount(variation.exposed)}</td>
                  {binomial && <td className="num">{formatCount(variation.converted ?? 0)}</td>}
                  <td className="num">
                    {format(variation.rate)} ({format(variation.interval[0])} …{" "}
                    {format(variation.interval[1])})
                  </td>
                  <td className="num">
                    {comparison
                      ? `${formatLift(comparison.relativeLift)} (${formatLift(comparison.relativeLiftInterval[0])} … ${formatLift(comparison.relativeLiftInterval[1])})`
                      : "—"}
                  </td>
                  <td className="num">
                    {comparison
                      ? formatPValue(comparison.adjustedPValue ?? comparison.pValue)
                      : "—"}
                  </td>
                  <td className="num">
                    {comparison ? formatRate(comparison.chanceToBeatControl, 1) : "—"}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
