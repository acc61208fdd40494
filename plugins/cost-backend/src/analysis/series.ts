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

const DAY_MS = 86_400_000;

/**
 * First day (`YYYY-MM-DD`) of the bucket a day (`YYYY-MM-DD`) falls in; weeks start on Monday.
 * With plain string and UTC date arithmetic: it runs for every day and every daily row of
 * each cost request (a component's cost card asks on every Overview), where luxon's parse,
 * `startOf` and format cost far more than the answer needs.
 */
export function bucketStart(
  date: string,
  granularity: CostGranularity,
): string {
  const day = date.slice(0, 10);
  if (granularity === 'day') return day;
  if (granularity === 'month') return `${day.slice(0, 7)}-01`;
  const ms = Date.parse(`${day}T00:00:00Z`);
  const sinceMonday = (new Date(ms).getUTCDay() + 6) % 7;
  return new Date(ms - sinceMonday * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Days `[from, to)` as `YYYY-MM-DD` (UTC), from two instants (`to` exclusive): every UTC day
 * that starts before `to`, from the one `from` falls in. Counted in epoch milliseconds, as
 * `bucketStart` is, for the same reason (each entity-cost request lists its window's days
 * and the baseline's).
 */
export function daysBetween(from: DateTime, to: DateTime): string[] {
  const days: string[] = [];
  const end = to.toMillis();
  for (
    let day = Math.floor(from.toMillis() / DAY_MS) * DAY_MS;
    day < end;
    day += DAY_MS
  ) {
    days.push(new Date(day).toISOString().slice(0, 10));
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
