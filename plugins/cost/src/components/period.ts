import { CostGranularity } from '@runway/plugin-cost-common';
import { DateTime } from 'luxon';

/** The windows a person can pick; all in UTC, like the backend's days. */
export const COST_PERIOD_IDS = [
  'last-7-days',
  'last-30-days',
  'last-90-days',
  'month-to-date',
  'last-month',
  'last-12-months',
] as const;

export type CostPeriodId = (typeof COST_PERIOD_IDS)[number];

export const DEFAULT_COST_PERIOD: CostPeriodId = 'last-30-days';

/** A window as the cost API takes it: `from` inclusive, `to` exclusive, both `YYYY-MM-DD`. */
export interface CostPeriod {
  id: CostPeriodId;
  label: string;
  from: string;
  to: string;
  granularity: CostGranularity;
}

const LABELS: Record<CostPeriodId, string> = {
  'last-7-days': 'Last 7 days',
  'last-30-days': 'Last 30 days',
  'last-90-days': 'Last 90 days',
  'month-to-date': 'This month',
  'last-month': 'Last month',
  'last-12-months': 'Last 12 months',
};

export function isCostPeriodId(value: unknown): value is CostPeriodId {
  return COST_PERIOD_IDS.includes(value as CostPeriodId);
}

/**
 * The window of a period at `now`. "Last N days" ends with today, as the backend's default
 * window does, so the same choice gives the same figures in the UI and through the API.
 */
export function costPeriod(id: CostPeriodId, now: DateTime): CostPeriod {
  const tomorrow = now.toUTC().startOf('day').plus({ days: 1 });
  const thisMonth = now.toUTC().startOf('month');
  const window = (
    from: DateTime,
    to: DateTime,
    granularity: CostGranularity,
  ): CostPeriod => ({
    id,
    label: LABELS[id],
    from: from.toISODate()!,
    to: to.toISODate()!,
    granularity,
  });
  switch (id) {
    case 'last-7-days':
      return window(tomorrow.minus({ days: 7 }), tomorrow, 'day');
    case 'last-30-days':
      return window(tomorrow.minus({ days: 30 }), tomorrow, 'day');
    case 'last-90-days':
      return window(tomorrow.minus({ days: 90 }), tomorrow, 'day');
    case 'month-to-date':
      return window(thisMonth, tomorrow, 'day');
    case 'last-month':
      return window(thisMonth.minus({ months: 1 }), thisMonth, 'day');
    case 'last-12-months':
      return window(thisMonth.minus({ months: 11 }), tomorrow, 'month');
    default:
      throw new Error(`Unknown cost period ${id satisfies never}`);
  }
}

export function costPeriodLabel(id: CostPeriodId): string {
  return LABELS[id];
}

/** "Mar 1 – Mar 30, 2025": the days a window covers, its exclusive end made inclusive. */
export function formatWindow(from: string, to: string): string {
  const first = DateTime.fromISO(from, { zone: 'utc' });
  const last = DateTime.fromISO(to, { zone: 'utc' }).minus({ days: 1 });
  const sameYear = first.year === last.year;
  const start = first.toFormat(sameYear ? 'LLL d' : 'LLL d, yyyy');
  return `${start} – ${last.toFormat('LLL d, yyyy')}`;
}
