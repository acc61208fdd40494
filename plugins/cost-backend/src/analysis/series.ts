import {
  CostChange,
  CostGranularity,
  CostSeriesPoint,
  CurrencyAmount,
} from '@runway/plugin-cost-common';
import { DateTime } from 'luxon';

/** A day's cost in one currency. */
export interface DailyCost {
  /** `YYYY-MM-DD` (UTC). */
  date: string;
  currency: string;
  amount: number;
}

/** First day (`YYYY-MM-DD`) of the bucket a day falls in; weeks start on Monday. */
export function bucketStart(
  date: string,
  granularity: CostGranularity,
): string {
  const day = DateTime.fromISO(date, { zone: 'utc' });
  return day.startOf(granularity === 'day' ? 'day' : granularity).toISODate()!;
}

/** Days `[from, to)` as `YYYY-MM-DD`, from two instants (`to` exclusive). */
export function daysBetween(from: DateTime, to: DateTime): string[] {
  const days: string[] = [];
  for (
    let day = from.toUTC().startOf('day');
    day < to;
    day = day.plus({ days: 1 })
  ) {
    days.push(day.toISODate()!);
  }
  return days;
}

/**
 * The series over the window, one point per bucket and currency; buckets without cost are 0,
 * so a chart shows the gap instead of interpolating over it.
 */
export function buildSeries(
  daily: DailyCost[],
  days: string[],
  granularity: CostGranularity,
): CostSeriesPoint[] {
  const currencies = [...new Set(daily.map(d => d.currency))].sort();
  const buckets = [...new Set(days.map(day => bucketStart(day, granularity)))];
  const sums = new Map<string, number>();
  for (const { date, currency, amount } of daily) {
    const key = `${bucketStart(date, granularity)}|${currency}`;
    sums.set(key, (sums.get(key) ?? 0) + amount);
  }
  return buckets.flatMap(periodStart =>
    currencies.map(currency => ({
      periodStart,
      currency,
      amount: sums.get(`${periodStart}|${currency}`) ?? 0,
    })),
  );
}

/** Per-currency change between two periods; a currency present in either one is listed. */
export function computeChange(
  current: CurrencyAmount[],
  previous: CurrencyAmount[],
): CostChange[] {
  const currencies = [
    ...new Set([...current, ...previous].map(a => a.currency)),
  ].sort();
  const amountIn = (amounts: CurrencyAmount[], currency: string) =>
    amounts.find(a => a.currency === currency)?.amount ?? 0;
  return currencies.map(currency => {
    const now = amountIn(current, currency);
    const before = amountIn(previous, currency);
    return {
      currency,
      current: now,
      previous: before,
      difference: now - before,
      ratio: before === 0 ? null : (now - before) / Math.abs(before),
    };
  });
}
