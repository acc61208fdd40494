/**
 * Percentile method used for every DORA duration statistic (median and p90).
 *
 * Linear interpolation between closest ranks, Hyndman & Fan type 7: the same definition as
 * NumPy's default `percentile`, R's default `quantile`, Excel's `PERCENTILE.INC` and
 * PostgreSQL's `percentile_cont`. For sorted samples x[0..n-1] and p in [0, 1]:
 * h = (n - 1) * p, result = x[floor(h)] + (h - floor(h)) * (x[ceil(h)] - x[floor(h)]).
 * With p = 0.5 this is the interpolating median the issue asks for (the mean of the two
 * middle samples for an even count), so median and p90 come from one definition.
 */
export const PERCENTILE_METHOD =
  'linear interpolation between closest ranks (Hyndman & Fan type 7, as PostgreSQL percentile_cont)';

/**
 * The p-quantile of `samples` by {@link PERCENTILE_METHOD}, or `null` when there are no
 * samples (no samples is "unknown", never zero).
 */
export function percentile(
  samples: readonly number[],
  p: number,
): number | null {
  if (samples.length === 0) {
    return null;
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (sorted.length - 1) * p;
  const lower = Math.floor(rank);
  const upper = Math.ceil(rank);
  return sorted[lower] + (rank - lower) * (sorted[upper] - sorted[lower]);
}

/** The interpolating median (mean of the two middle samples for an even count). */
export function median(samples: readonly number[]): number | null {
  return percentile(samples, 0.5);
}
