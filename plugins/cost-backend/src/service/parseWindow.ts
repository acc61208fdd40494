import { InputError } from '@backstage/errors';
import { CostMetric } from '@runway/plugin-cost-common';
import { DateTime } from 'luxon';
import { CostWindow } from './CostReports';

export const DEFAULT_WINDOW_DAYS = 30;
/** Longest window a request may ask for: bounds the work of one query. */
export const MAX_WINDOW_DAYS = 731;

function parseInstant(field: string, value: string): DateTime {
  const instant = DateTime.fromISO(value, { zone: 'utc' });
  if (!instant.isValid) {
    throw new InputError(
      `${field}: "${value}" is not an ISO-8601 date or instant (e.g. 2024-09-01 or 2024-09-01T00:00:00Z)`,
    );
  }
  return instant.toUTC();
}

/** The window and metric of a read request, defaults applied. */
export function parseWindow(
  query: { from?: string; to?: string; metric?: CostMetric },
  now: DateTime,
): CostWindow {
  const to =
    query.to === undefined
      ? now.toUTC().startOf('day').plus({ days: 1 })
      : parseInstant('to', query.to);
  const from =
    query.from === undefined
      ? to.minus({ days: DEFAULT_WINDOW_DAYS })
      : parseInstant('from', query.from);
  if (from >= to) {
    throw new InputError('to: must be after from');
  }
  if (to.diff(from, 'days').days > MAX_WINDOW_DAYS) {
    throw new InputError(
      `to: the window may span at most ${MAX_WINDOW_DAYS} days`,
    );
  }
  return { from, to, metric: query.metric ?? 'EffectiveCost' };
}
