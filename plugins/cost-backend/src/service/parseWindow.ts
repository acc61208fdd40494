import { parseTimeWindow } from '@runway/backend-utils';
import { CostMetric } from '@runway/plugin-cost-common';
import { DateTime } from 'luxon';
import { CostWindow } from './CostReports';

/**
 * The window and metric of a read request, by the window rule every Runway backend shares
 * (`parseTimeWindow`). Cost is reported by whole UTC days, so the window ends by default at
 * the start of tomorrow: today's cost so far is included.
 */
export function parseWindow(
  query: { from?: string; to?: string; metric?: CostMetric },
  now: DateTime,
): CostWindow {
  const { from, to } = parseTimeWindow(query, {
    now,
    defaultTo: now.toUTC().startOf('day').plus({ days: 1 }),
  });
  return { from, to, metric: query.metric ?? 'EffectiveCost' };
}

/** `instant` if it is midnight UTC, else the next midnight UTC. */
function nextMidnightUtc(instant: DateTime): DateTime {
  const utc = instant.toUTC();
  const day = utc.startOf('day');
  return day.equals(utc) ? day : day.plus({ days: 1 });
}

/**
 * The window moved to whole UTC days, each end to the next midnight UTC unless it is one:
 * what the organisation-wide reports (`/overview`, `/allocation`) sum. They read the daily
 * sums, since a window starting or ending mid-day would have to read every exported row of
 * every team in it (cost_rows has no index by time alone: each index slows imports); a
 * signed-in user could ask for that on every request. For exports of daily rows (each
 * starting at midnight, as FOCUS exports usually are) the sums are the same either way: the
 * rows a window counts are those starting inside it, and those are the days from the next
 * midnight after `from` to the one after `to`. Hourly rows of the first and last day move by
 * the hours between. The answer's `from` and `to` say which days were summed.
 */
export function wholeDays(window: CostWindow): CostWindow {
  return {
    ...window,
    from: nextMidnightUtc(window.from),
    to: nextMidnightUtc(window.to),
  };
}
