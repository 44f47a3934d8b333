/**
 * Holm–Bonferroni adjusted p-values (Holm, 1979): with several treatments against one control,
 * compare each adjusted p-value with α to keep the family-wise error rate at α. Uniformly more
 * powerful than plain Bonferroni. Returned in the order given; NaN counts as 1.
 */
export function holmBonferroni(pValues: readonly number[]): number[] {
  const m = pValues.length;
  // A p-value that could not be computed (NaN) counts as 1: it can never be significant.
  const order = pValues
    .map((p, index) => ({ p: Number.isNaN(p) ? 1 : p, index }))
    .sort((a, b) => a.p - b.p);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach(({ p, index }, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    adjusted[index] = running;
  });
  return adjusted;
}
