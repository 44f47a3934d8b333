/** A linear scale for the interval chart: padded, nice-rounded bounds and evenly spaced ticks. */

export interface LinearScale {
  min: number;
  max: number;
  ticks: number[];
  /** Domain value → x in [left, right]. */
  at(value: number): number;
}

export function linearScale(
  values: readonly number[],
  left: number,
  right: number,
  tickCount = 5,
): LinearScale {
  const finite = values.filter(Number.isFinite);
  let low = finite.length > 0 ? Math.min(...finite) : 0;
  let high = finite.length > 0 ? Math.max(...finite) : 1;
  if (low === high) {
    const pad = low === 0 ? 0.01 : Math.abs(low) * 0.1;
    low -= pad;
    high += pad;
  }
  const step = niceStep((high - low) / tickCount);
  const min = Math.floor(low / step) * step;
  const max = Math.ceil(high / step) * step;
  const ticks: number[] = [];
  for (let tick = min; tick <= max + step / 2; tick += step)
    ticks.push(Number(tick.toPrecision(12)));
  const span = max - min || 1;
  return { min, max, ticks, at: (value) => left + ((value - min) / span) * (right - left) };
}

function niceStep(rough: number): number {
  if (!(rough > 0) || !Number.isFinite(rough)) return 1;
  const power = 10 ** Math.floor(Math.log10(rough));
  const fraction = rough / power;
  const nice =
    fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
  return nice * power;
}
