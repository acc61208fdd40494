import { DateTime } from 'luxon';

/** An amount in the catalogue's currency, e.g. `$4.80`. */
export function formatMoney(amount: number, currency: string): string {
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency,
    minimumFractionDigits: 2,
  }).format(amount);
}

/** How long until an instant, e.g. `in 3 hours`, or `expired 5 minutes ago`. */
export function formatCountdown(instant: string, now: DateTime): string {
  const at = DateTime.fromISO(instant);
  const relative = at.toRelative({ base: now, style: 'long' }) ?? instant;
  return at <= now ? `expired ${relative}` : relative;
}

/** A ref without its default kind and namespace: `group:default/team-a` -> `team-a`. */
export function shortRef(ref: string): string {
  return ref.replace(/^[^:]+:default\//, '');
}
