import { CostForecast } from '@runway/plugin-cost-common';
import { DateTime } from 'luxon';
import { DailyCost } from './series';

/** Days of recent cost the run rate averages over. */
export const RUN_RATE_DAYS = 7;

/**
 * The first day whose cost {@link computeForecast} reads for `asOf`: the start of its month
 * or of its run-rate days, whichever is earlier. Daily costs from there up to `asOf` are all
 * it needs.
 */
export function forecastFrom(asOf: DateTime): DateTime {
  return DateTime.min(
    asOf.minus({ milliseconds: 1 }).startOf('month'),
    asOf.startOf('day').minus({ days: RUN_RATE_DAYS }),
  );
}

/**
 * Month-to-date cost and month-end forecast, per currency, for the UTC month that contains
 * the last instant before `asOf`. Linear run rate: the forecast is the month-to-date cost plus
 * the mean daily cost of the `RUN_RATE_DAYS` days before `asOf` times the days left in the
 * month (fractional when `asOf` is not midnight). Once the month is over, the forecast is
 * the actual total.
 *
 * @param daily - daily cost covering at least the month start and the run-rate days before
 *   `asOf`; days are whole UTC days, so cost of the day `asOf` falls in counts in full.
 */
export function computeForecast(
  daily: DailyCost[],
  asOf: DateTime,
): CostForecast[] {
  const monthStart = asOf.minus({ milliseconds: 1 }).toUTC().startOf('month');
  const monthEnd = monthStart.plus({ months: 1 });
  const complete = asOf >= monthEnd;
  const until = complete ? monthEnd : asOf;
  const rateFrom = until.minus({ days: RUN_RATE_DAYS }).toISODate()!;
  const monthFrom = monthStart.toISODate()!;
  const untilDay = until.toISODate()!;
  const untilInclusive = until > until.startOf('day');

  const counts = (date: string, from: string) =>
    date >= from && (date < untilDay || (untilInclusive && date === untilDay));

  const currencies = [...new Set(daily.map(d => d.currency))].sort();
  return currencies.map(currency => {
    const ofCurrency = daily.filter(d => d.currency === currency);
    const monthToDate = ofCurrency
      .filter(d => counts(d.date, monthFrom))
      .reduce((sum, d) => sum + d.amount, 0);
    const dailyRate =
      ofCurrency
        .filter(d => counts(d.date, rateFrom))
        .reduce((sum, d) => sum + d.amount, 0) / RUN_RATE_DAYS;
    const daysLeft = monthEnd.diff(until, 'days').days;
    return {
      month: monthStart.toFormat('yyyy-MM'),
      asOf: until.toISO()!,
      currency,
      monthToDate,
      dailyRate,
      forecast: complete ? monthToDate : monthToDate + dailyRate * daysLeft,
      complete,
    };
  });
}
