import { DoraBucketSize } from '@runway/plugin-delivery-common';

/** The ranges the cards offer, in days. */
export const RANGE_DAYS = [30, 90, 180] as const;
export type RangeDays = (typeof RANGE_DAYS)[number];

export const DEFAULT_ENVIRONMENTS = ['production', 'staging'];

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * The window `[from, to)` of the last `days` days, ending at the next full hour: stable for
 * an hour, so reloads ask the backend the same question, and it still includes "now".
 */
export function lastDays(days: number, now: Date = new Date()) {
  const to = Math.ceil(now.getTime() / HOUR_MS) * HOUR_MS;
  return {
    from: new Date(to - days * DAY_MS).toISOString(),
    to: new Date(to).toISOString(),
  };
}

/** Daily points for a month, weekly beyond: 30 or fewer points on the sparkline. */
export function bucketFor(days: number): DoraBucketSize {
  return days <= 31 ? 'day' : 'week';
}
