/** Numbers and times as the dashboard shows them. */

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

/** "3 minutes ago", "2 days ago" — with the exact time in a title attribute next to it. */
export function formatRelative(iso: string, now: number): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return iso;
  const seconds = Math.round((now - then) / 1000);
  const format = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
  const steps: Array<[Intl.RelativeTimeFormatUnit, number]> = [
    ["second", 60],
    ["minute", 60],
    ["hour", 24],
    ["day", 30],
    ["month", 12],
    ["year", Number.POSITIVE_INFINITY],
  ];
  let value = seconds;
  for (const [unit, size] of steps) {
    if (Math.abs(value) < size) return format.format(-Math.round(value), unit);
    value /= size;
  }
  return iso;
}

/** 0.1234 → "12.34 %". */
export function formatRate(rate: number, digits = 2): string {
  if (!Number.isFinite(rate)) return "—";
  return `${(rate * 100).toFixed(digits)} %`;
}

/** A signed relative change: 0.123 → "+12.3 %". */
export function formatLift(lift: number, digits = 1): string {
  if (!Number.isFinite(lift)) return "—";
  const text = `${(lift * 100).toFixed(digits)} %`;
  return lift > 0 ? `+${text}` : text;
}

export function formatPValue(p: number): string {
  if (!Number.isFinite(p)) return "—";
  if (p < 0.001) return "< 0.001";
  return p.toFixed(3);
}

/** "p = 0.042" or "p < 0.001", for sentences. */
export function formatPStatement(p: number): string {
  const text = formatPValue(p);
  return text.startsWith("<") ? `p ${text}` : `p = ${text}`;
}

export function formatCount(value: number): string {
  return new Intl.NumberFormat().format(value);
}
