import { EnvironmentEstimate } from '@runway/plugin-environments-common';
import { DateTime } from 'luxon';

const HOURS_PER_DAY = 24;

function cents(amount: number): number {
  return Math.round(amount * 100) / 100;
}

/** Cost of an environment at a size's daily price for its whole TTL. */
export function estimateCost(
  pricePerDay: number,
  ttlHours: number,
  currency: string,
): EnvironmentEstimate {
  return {
    currency,
    perDay: pricePerDay,
    total: cents((pricePerDay * ttlHours) / HOURS_PER_DAY),
    ttlHours,
  };
}

/** Cost of running at `perDay` between two instants (none when `to` is not after `from`). */
export function costBetween(
  perDay: number,
  from: DateTime,
  to: DateTime,
): number {
  const hours = to.diff(from, 'hours').hours;
  return hours > 0 ? cents((perDay * hours) / HOURS_PER_DAY) : 0;
}

/** The part of the window `[from, to)` that falls in the UTC calendar month of `month`, priced. */
export function costInMonth(
  perDay: number,
  from: DateTime,
  to: DateTime,
  month: DateTime,
): number {
  const monthStart = month.toUTC().startOf('month');
  const monthEnd = monthStart.plus({ months: 1 });
  const start = DateTime.max(from, monthStart);
  const end = DateTime.min(to, monthEnd);
  return costBetween(perDay, start, end);
}
