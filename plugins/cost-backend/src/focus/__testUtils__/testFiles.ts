import { parquetWriteBuffer } from 'hyparquet-writer';

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

/** The same rows as `focusCsv`, as a FOCUS Parquet file (costs DOUBLE, dates TIMESTAMP). */
export function focusParquet(
  rows: TestRow[],
  options: {
    rowGroupSize?: number;
    /** Also write a page (offset) index, so readers can fetch slices of a row group. */
    pageIndex?: boolean;
    /** Bytes per data page (hyparquet-writer's default is 1 MiB; 4 KiB with `pageIndex`). */
    pageSize?: number;
    /** Leave these columns out. */
    without?: string[];
  } = {},
): Buffer {
  const day = (row: TestRow) => row.day ?? '2024-09-01';
  const date = (text: string) => new Date(`${text}Z`);
  const cost = (value: string | undefined, fallback: string) => {
    const text = value ?? fallback;
    return text === 'NULL' ? null : Number(text);
  };
  const columns = [
    {
      name: 'BilledCost',
      type: 'DOUBLE',
      data: rows.map(row => cost(row.billed, row.cost ?? '1')),
    },
    {
      name: 'EffectiveCost',
      type: 'DOUBLE',
      data: rows.map(row => cost(row.cost, '1')),
    },
    {
      name: 'ListCost',
      type: 'DOUBLE',
      data: rows.map(row => cost(row.list, row.cost ?? '1')),
    },
    {
      name: 'BillingCurrency',
      type: 'STRING',
      data: rows.map(row => row.currency ?? 'USD'),
    },
    {
      name: 'BillingPeriodStart',
      type: 'TIMESTAMP',
      data: rows.map(row =>
        date(`${row.period ?? `${day(row).slice(0, 7)}-01`}T00:00:00`),
      ),
    },
    {
      name: 'ChargePeriodStart',
      type: 'TIMESTAMP',
      data: rows.map(row => date(`${day(row)}T00:00:00`)),
    },
    {
      name: 'ChargePeriodEnd',
      type: 'TIMESTAMP',
      data: rows.map(row => date(`${day(row)}T23:59:59`)),
    },
    {
      name: 'ChargeCategory',
      type: 'STRING',
      data: rows.map(() => 'Usage'),
    },
    {
      name: 'ProviderName',
      type: 'STRING',
      data: rows.map(row => row.provider ?? 'AWS'),
    },
    {
      name: 'ServiceCategory',
      type: 'STRING',
      data: rows.map(row => row.category ?? 'Compute'),
    },
    {
      name: 'ServiceName',
      type: 'STRING',
      data: rows.map(row => row.service ?? 'Amazon EC2'),
    },
    {
      name: 'RegionId',
      type: 'STRING',
      data: rows.map(row => row.region ?? 'us-east-1'),
    },
    {
      name: 'RegionName',
      type: 'STRING',
      data: rows.map(() => 'US East (N. Virginia)'),
    },
    {
      name: 'SubAccountId',
      type: 'STRING',
      data: rows.map(row => row.account ?? '111111111111'),
    },
    {
      name: 'SubAccountName',
      type: 'STRING',
      data: rows.map(() => 'main'),
    },
    {
      name: 'ResourceId',
      type: 'STRING',
      data: rows.map(row => row.resource ?? 'i-1'),
    },
    {
      name: 'ResourceName',
      type: 'STRING',
      data: rows.map(() => null),
    },
    {
      name: 'Tags',
      type: 'JSON',
      data: rows.map(row => {
        if (typeof row.tags === 'string') {
          return JSON.parse(row.tags);
        }
        return row.tags ?? null;
      }),
    },
  ] as const;
  return Buffer.from(
    parquetWriteBuffer({
      columnData: columns
        .filter(column => !options.without?.includes(column.name))
        .map(column => ({
          ...column,
          data: [...column.data],
          offsetIndex: options.pageIndex ?? false,
        })),
      rowGroupSize: options.rowGroupSize ?? 1000,
      pageSize: options.pageSize ?? (options.pageIndex ? 4096 : undefined),
    }),
  );
}
