const formatters = new Map<string, Intl.NumberFormat>();

/**
 * An amount in the currency it was exported in, with the ISO code spelled out ("USD 1,234.56")
 * so that figures in different currencies can never be mistaken for one another. Shared by
 * every page that shows cost (the cost plugin, the delivery overview's Cost column).
 *
 * @public
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
