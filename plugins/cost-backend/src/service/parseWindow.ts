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
