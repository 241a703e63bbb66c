/**
 * Float-noise control for USD amounts. Sandbox-safe: no imports, so the
 * workflow-side rollup can share it.
 */

/** Precision that USD amounts are rounded to: 1e-10 dollars. */
export const USD_PRECISION = 1e10;

/**
 * Rounds a USD amount to 1e-10 so that sums such as 0.0012 + 0.0003 read as
 * 0.0015 rather than 0.0014999999999999998. Far below any billable unit, so
 * it removes noise without changing a real figure.
 */
export function roundUsd(amount: number): number {
  // `+ 0` turns a -0 from rounding a tiny negative into a plain 0.
  return Math.round(amount * USD_PRECISION) / USD_PRECISION + 0;
}
