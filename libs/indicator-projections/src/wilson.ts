/** z for a two-sided 95 % interval (the 0.975 quantile of the standard normal), to six decimals. */
export const Z_95 = 1.959964;

/**
 * Wilson score interval for a binomial proportion x/n (Wilson 1927; Brown, Cai & DasGupta 2001 recommend it over
 * the Wald interval for the small n quality indicators have): centre (p + z²/2n) / (1 + z²/n), half-width
 * z/(1 + z²/n) · √(p(1−p)/n + z²/4n²). Stays within [0, 1] and is not degenerate at x = 0 or x = n.
 */
export function wilsonInterval(x: number, n: number, z = Z_95): { low: number; high: number } {
  if (!Number.isInteger(x) || !Number.isInteger(n) || n <= 0 || x < 0 || x > n) throw new RangeError(`not a proportion: ${x}/${n}`);
  const p = x / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // Clamped only against float residue at the ends (x = 0 gives a low of about -1e-17).
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}
