/** Builds small FOCUS CSV files for tests. */
export const FOCUS_HEADER = [
  'BilledCost',
  'EffectiveCost',
  'ListCost',
  'BillingCurrency',
  'BillingPeriodStart',
  'BillingPeriodEnd',
  'ChargePeriodStart',
  'ChargePeriodEnd',
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
];

export interface TestRow {
  cost?: string;
  billed?: string;
  list?: string;
  currency?: string;
  period?: string;
  /** `YYYY-MM-DD`; the charge covers that day. */
  day?: string;
  category?: string;
  provider?: string;
  service?: string;
  region?: string;
  account?: string;
  resource?: string;
  tags?: Record<string, string> | string;
}

function quote(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}

export function focusRow(row: TestRow): string {
  const day = row.day ?? '2024-09-01';
  const period = row.period ?? `${day.slice(0, 7)}-01`;
  const cost = row.cost ?? '1';
  let tags = 'NULL';
  if (typeof row.tags === 'string') {
    tags = quote(row.tags);
  } else if (row.tags) {
    tags = quote(JSON.stringify(row.tags));
  }
  return [
    row.billed ?? cost,
    cost,
    row.list ?? cost,
    quote(row.currency ?? 'USD'),
    quote(`${period} 00:00:00`),
    'NULL',
    quote(`${day} 00:00:00`),
    quote(`${day} 23:59:59`),
    quote('Usage'),
    quote(row.provider ?? 'AWS'),
    quote(row.category ?? 'Compute'),
    quote(row.service ?? 'Amazon EC2'),
    quote(row.region ?? 'us-east-1'),
    quote('US East (N. Virginia)'),
    row.account === undefined ? quote('111111111111') : quote(row.account),
    quote('main'),
    quote(row.resource ?? 'i-1'),
    'NULL',
    tags,
  ].join(',');
}

export function focusCsv(rows: TestRow[]): string {
  return `${[FOCUS_HEADER.join(','), ...rows.map(focusRow)].join('\n')}\n`;
}
