import { CurrencyAmount } from '@runway/plugin-cost-common';
import { DateTime } from 'luxon';

const formatters = new Map<string, Intl.NumberFormat>();

/**
 * An amount in the currency it was exported in, with the ISO code spelled out ("USD 1,234.56")
 * so that figures in different currencies can never be mistaken for one another.
 */
export function formatCost(amount: number, currency: string): string {
  let formatter = formatters.get(currency);
  if (!formatter) {
    formatter = new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency,
      currencyDisplay: 'code',
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    });
    formatters.set(currency, formatter);
  }
  return formatter.format(amount);
}

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
