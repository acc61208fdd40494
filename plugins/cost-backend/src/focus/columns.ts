/**
 * The FOCUS columns Runway reads. Column names are FOCUS 1.0 to 1.2 `ColumnId`s; none of them
 * changed between those versions, so one mapping covers all three.
 */
export const REQUIRED_COLUMNS = [
  'BilledCost',
  'EffectiveCost',
  'ListCost',
  'BillingCurrency',
  'BillingPeriodStart',
  'ChargePeriodStart',
  'ChargePeriodEnd',
] as const;

export const OPTIONAL_COLUMNS = [
  'ChargeCategory',
  'ProviderName',
  'ServiceCategory',
  'ServiceName',
  'RegionId',
  'RegionName',
  'SubAccountId',
  'SubAccountName',
  'ResourceId',
  'ResourceName',
  'Tags',
] as const;

/** Columns introduced by FOCUS 1.2 and 1.1 (from the spec's column tables). */
const COLUMNS_SINCE_1_2 = [
  'BillingAccountType',
  'InvoiceId',
  'PricingCurrency',
  'PricingCurrencyContractedUnitPrice',
  'PricingCurrencyEffectiveCost',
  'PricingCurrencyListUnitPrice',
  'SubAccountType',
];
const COLUMNS_SINCE_1_1 = [
  'CapacityReservationId',
  'CapacityReservationStatus',
  'CommitmentDiscountQuantity',
  'CommitmentDiscountUnit',
  'ServiceSubcategory',
  'SkuMeter',
  'SkuPriceDetails',
];

/** The FOCUS version (1.0, 1.1 or 1.2) whose newest columns the header carries. */
export function detectFocusVersion(header: string[]): string {
  const columns = new Set(header);
  if (COLUMNS_SINCE_1_2.some(column => columns.has(column))) {
    return '1.2';
  }
  if (COLUMNS_SINCE_1_1.some(column => columns.has(column))) {
    return '1.1';
  }
  return '1.0';
}

/** The required columns a header lacks, in FOCUS order. */
export function missingRequiredColumns(header: string[]): string[] {
  const columns = new Set(header);
  return REQUIRED_COLUMNS.filter(column => !columns.has(column));
}
