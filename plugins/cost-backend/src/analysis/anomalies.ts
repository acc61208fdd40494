import { CostAnomaly } from '@runway/plugin-cost-common';
import { DailyCost } from './series';

/** Days before a day that form its baseline. */
export const BASELINE_DAYS = 14;
/** Fewest baseline days with data before a day can be judged. */
export const MIN_BASELINE_DAYS = 7;
/** Modified z-score beyond which a day is an anomaly (Iglewicz and Hoaglin). */
export const ANOMALY_THRESHOLD = 3.5;
/** Ignore deviations smaller than this share of the baseline median: day-to-day noise. */
export const MIN_RELATIVE_DEVIATION = 0.2;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Days far off the recent trend, per currency. Each day of `days` is compared with the
 * `BASELINE_DAYS` days before it (days without rows count as 0 between the first and the last
 * day with cost; days after the last one are not exported yet and are not judged): modified z = 0.6745 * (cost - median) / MAD, MAD being the median absolute
 * deviation. When MAD is 0 (a flat baseline), the mean absolute deviation * 1.2533 stands in;
 * when that is 0 too, any change larger than `MIN_RELATIVE_DEVIATION` of the median counts.
 * A day is an anomaly when |z| > `ANOMALY_THRESHOLD` and it differs from the median by more
 * than `MIN_RELATIVE_DEVIATION` of it.
 *
 * @param daily - daily cost of the window and of the `BASELINE_DAYS` days before it.
 * @param days - the window's days, ascending `YYYY-MM-DD`.
 * @param allDays - the baseline days followed by the window's days, ascending.
 */
export function detectAnomalies(
  daily: DailyCost[],
  days: string[],
  allDays: string[],
): CostAnomaly[] {
  const anomalies: CostAnomaly[] = [];
  const currencies = [...new Set(daily.map(d => d.currency))].sort();
  const windowDays = new Set(days);
  for (const currency of currencies) {
    const byDay = new Map(
      daily.filter(d => d.currency === currency).map(d => [d.date, d.amount]),
    );
    const firstDay = allDays.findIndex(day => byDay.has(day));
    if (firstDay < 0) {
      continue;
    }
    // Days after the last one with cost are not exported yet, not free: they are not judged.
    const lastDay = allDays.findLastIndex(day => byDay.has(day));
    const series = allDays.map(day => byDay.get(day) ?? 0);
    for (let i = firstDay + MIN_BASELINE_DAYS; i <= lastDay; i++) {
      if (!windowDays.has(allDays[i])) {
        continue;
      }
      const baseline = series.slice(Math.max(firstDay, i - BASELINE_DAYS), i);
      const amount = series[i];
      const expected = median(baseline);
      const deviation = amount - expected;
      if (Math.abs(deviation) <= MIN_RELATIVE_DEVIATION * Math.abs(expected)) {
        continue;
      }
      const mad = median(baseline.map(value => Math.abs(value - expected)));
      const meanAbsoluteDeviation =
        baseline.reduce((sum, value) => sum + Math.abs(value - expected), 0) /
        baseline.length;
      let score: number | null = null;
      if (mad > 0) {
        score = (0.6745 * deviation) / mad;
      } else if (meanAbsoluteDeviation > 0) {
        score = deviation / (1.253314 * meanAbsoluteDeviation);
      }
      if (score === null || Math.abs(score) > ANOMALY_THRESHOLD) {
        anomalies.push({
          date: allDays[i],
          currency,
          amount,
          expected,
          score,
          direction: deviation > 0 ? 'spike' : 'drop',
        });
      }
    }
  }
  return anomalies;
}
