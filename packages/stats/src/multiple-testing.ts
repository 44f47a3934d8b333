/**
 * Holm–Bonferroni adjusted p-values (Holm, 1979): with several treatments against one control,
 * compare each adjusted p-value with α to keep the family-wise error rate at α. Uniformly more
 * powerful than plain Bonferroni. Returned in the order given.
 */
export function holmBonferroni(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, index) => ({ p, index })).sort((a, b) => a.p - b.p);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach(({ p, index }, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    adjusted[index] = running;
  });
  return adjusted;
}
