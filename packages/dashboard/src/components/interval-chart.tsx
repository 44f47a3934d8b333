/**
 * Each variation's estimate with its 95 % interval, drawn as an SVG (one row per variation, a
 * dashed line at control's estimate). The same numbers are in the table beside it; the chart
 * has a text description for screen readers. A variation without an interval yet (too little
 * data) is drawn as its point alone.
 */
import type { Interval } from "../api/experiment-results.ts";
import { linearScale } from "../lib/chart-scale.ts";

export interface IntervalRow {
  label: string;
  estimate: number;
  interval: Interval;
  color: string;
  isControl: boolean;
}

export interface IntervalChartProps {
  title: string;
  rows: readonly IntervalRow[];
  format(value: number): string;
}

const WIDTH = 640;
const LABEL_WIDTH = 130;
const RIGHT_PAD = 24;
const ROW_HEIGHT = 40;
const TOP = 12;
const AXIS_HEIGHT = 28;

export function IntervalChart({ title, rows, format }: IntervalChartProps) {
  const scale = linearScale(
    rows.flatMap((row) => [...(row.interval ?? []), row.estimate]),
    LABEL_WIDTH,
    WIDTH - RIGHT_PAD,
  );
  const height = TOP + rows.length * ROW_HEIGHT + AXIS_HEIGHT;
  const control = rows.find((row) => row.isControl);
  const description = rows
    .map(
      (row) =>
        `${row.label}: ${format(row.estimate)} (${
          row.interval
            ? `95 % interval ${format(row.interval[0])} to ${format(row.interval[1])}`
            : "no interval yet"
        })`,
    )
    .join("; ");
  return (
    <svg
      className="interval-chart"
      viewBox={`0 0 ${WIDTH} ${height}`}
      role="img"
      aria-label={`${title}. ${description}`}
    >
      <title>{title}</title>
      {scale.ticks.map((tick) => (
        <g key={tick}>
          <line
            className="grid"
            x1={scale.at(tick)}
            x2={scale.at(tick)}
            y1={TOP}
            y2={height - AXIS_HEIGHT}
          />
          <text x={scale.at(tick)} y={height - 8} textAnchor="middle">
            {format(tick)}
          </text>
        </g>
      ))}
      <line
        className="axis"
        x1={LABEL_WIDTH}
        x2={WIDTH - RIGHT_PAD}
        y1={height - AXIS_HEIGHT}
        y2={height - AXIS_HEIGHT}
      />
      {control && (
        <line
          className="control-line"
          x1={scale.at(control.estimate)}
          x2={scale.at(control.estimate)}
          y1={TOP}
          y2={height - AXIS_HEIGHT}
        />
      )}
      {rows.map((row, index) => {
        const y = TOP + index * ROW_HEIGHT + ROW_HEIGHT / 2;
        return (
          <g key={row.label}>
            <text
              x={LABEL_WIDTH - 10}
              y={y + 4}
              textAnchor="end"
              fontWeight={row.isControl ? 700 : 400}
            >
              {row.label}
              {row.isControl ? " (control)" : ""}
            </text>
            {row.interval && (
              <line
                className="ci"
                x1={scale.at(row.interval[0])}
                x2={scale.at(row.interval[1])}
                y1={y}
                y2={y}
                stroke={row.color}
                opacity={0.45}
              />
            )}
            <circle className="point" cx={scale.at(row.estimate)} cy={y} r={7} fill={row.color} />
          </g>
        );
      })}
    </svg>
  );
}
