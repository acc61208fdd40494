import { CurrencyAmount } from '@runway/plugin-cost-common';
import { DateTime } from 'luxon';

// Kept here too so the cost plugin's components import every formatter from one place.
export { formatCost } from '@runway/plugin-cost-common';

const changeFormatter = new Intl.NumberFormat('en-US', {
  style: 'percent',
  signDisplay: 'exceptZero',
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});

/** "+12.5%", "-3.0%"; null ratios (no previous cost) read as "new". */
export function formatChangeRatio(ratio: number | null): string {
  if (ratio === null) {
    return 'new';
  }
  return changeFormatter.format(ratio);
}

const shareFormatter = new Intl.NumberFormat('en-US', {
  style: 'percent',
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});

export function formatShare(part: number, whole: number): string {
  if (whole === 0) {
    return '–';
  }
  return shareFormatter.format(part / whole);
}

export function formatDay(isoDate: string): string {
  return DateTime.fromISO(isoDate, { zone: 'utc' }).toFormat('LLL d, yyyy');
}

export function formatInstant(iso: string): string {
  return DateTime.fromISO(iso, { zone: 'utc' }).toFormat(
    "LLL d, yyyy HH:mm 'UTC'",
  );
}

/** The amount in one currency, 0 when the list has none in it. */
export function amountIn(amounts: CurrencyAmount[], currency: string): number {
  return amounts.find(a => a.currency === currency)?.amount ?? 0;
}
