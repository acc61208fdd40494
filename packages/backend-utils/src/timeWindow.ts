import { InputError } from '@backstage/errors';
import { DateTime } from 'luxon';

/** The window a read endpoint covers when the caller names none. @public */
export const DEFAULT_WINDOW_DAYS = 30;

/**
 * The longest window any read endpoint accepts: two years and a day, enough for a
 * year-on-year comparison, and a bound on the rows one request can make a query read.
 *
 * @public
 */
export const MAX_WINDOW_DAYS = 731;

/** A `[from, to)` window in UTC. @public */
export interface TimeWindow {
  from: DateTime;
  to: DateTime;
}

/**
 * Parses an ISO-8601 date or instant from a request.
 *
 * @throws InputError naming `field` when the value is not one.
 * @public
 */
export function parseInstantParam(field: string, value: string): DateTime {
  const instant = DateTime.fromISO(value, { zone: 'utc' });
  if (!instant.isValid) {
    throw new InputError(
      `${field}: "${value}" is not an ISO-8601 date or instant (e.g. 2024-09-01 or 2024-09-01T00:00:00Z)`,
    );
  }
  return instant.toUTC();
}

/**
 * The `[from, to)` window of a read request, with one rule for every endpoint: `from` and
 * `to` are ISO-8601 dates or instants, `from` is before `to`, and the window spans at most
 * {@link MAX_WINDOW_DAYS} days. `to` defaults to `defaultTo` (now, unless the endpoint works
 * in whole days) and `from` to {@link DEFAULT_WINDOW_DAYS} days before `to`, so that a
 * dashboard can ask for "the last month" without computing instants.
 *
 * @throws InputError naming the field at fault.
 * @public
 */
export function parseTimeWindow(
  query: { from?: string; to?: string },
  options: { now: DateTime; defaultTo?: DateTime },
): TimeWindow {
  const to =
    query.to === undefined
      ? (options.defaultTo ?? options.now).toUTC()
      : parseInstantParam('to', query.to);
  const from =
    query.from === undefined
      ? to.minus({ days: DEFAULT_WINDOW_DAYS })
      : parseInstantParam('from', query.from);
  if (from >= to) {
    throw new InputError(
      `from: must be before to (from ${from.toISO()}, to ${to.toISO()}${
        query.to === undefined ? ', the default' : ''
      })`,
    );
  }
  if (to.diff(from, 'days').days > MAX_WINDOW_DAYS) {
    throw new InputError(
      `from: the window may span at most ${MAX_WINDOW_DAYS} days (from ${from.toISO()}, to ${to.toISO()})`,
    );
  }
  return { from, to };
}
