/** Distinct colours for variations in rollout bars and charts (each ≥ 3:1 against white and dark). */
const COLORS = [
  "#2f6fdb",
  "#d9822b",
  "#2e9e5b",
  "#b44bc7",
  "#c23b3b",
  "#1f9aa6",
  "#8a6d1f",
  "#5b5fc7",
];

export function variationColor(index: number): string {
  return COLORS[index % COLORS.length] as string;
}
