import { Readable } from 'node:stream';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { readFocusCsv } from './readFocusCsv';
import { readFocusParquet } from './readFocusParquet';
import { focusCsv, focusParquet, TestRow } from './__testUtils__/testFiles';

async function readAll(
  content: Buffer,
  batchSize = 1000,
  readWindowBytes?: number,
) {
  const batches = [];
  let focusVersion: string | undefined;
  const file = content.buffer.slice(
    content.byteOffset,
    content.byteOffset + content.byteLength,
  ) as ArrayBuffer;
  for await (const batch of readFocusParquet(file, {
    batchSize,
    readWindowBytes,
    onHeader: header => {
      focusVersion = header.focusVersion;
    },
  })) {
    batches.push(batch);
  }
  return { batches, focusVersion };
}

async function readCsv(rows: TestRow[]) {
  const records = [];
  for await (const batch of readFocusCsv(
    Readable.from([Buffer.from(focusCsv(rows))]),
    { gzipped: false, batchSize: 1000 },
  )) {
    records.push(...batch.records);
  }
  return records;
}

const rows: TestRow[] = [
  { cost: '1.5', day: '2024-09-01', tags: { app: 'payments' } },
  { cost: '2.25', day: '2024-09-15', currency: 'EUR', account: '' },
  { cost: '0.000001', billed: '3', list: '4', day: '2024-10-02' },
  { cost: '-7', day: '2024-10-31', tags: { app: 'orders', env: 'prod' } },
  { cost: '12345.6789', day: '2024-11-30', region: 'eu-west-1' },
];

describe('readFocusParquet', () => {
  it('reads the same records as the CSV of the same rows, across row groups and batches', async () => {
    const { batches, focusVersion } = await readAll(
      focusParquet(rows, { rowGroupSize: 2 }),
      2,
    );
    expect(focusVersion).toBe('1.0');
    expect(batches.map(batch => batch.records.length)).toEqual([2, 2, 1]);
    expect(batches.flatMap(batch => batch.records)).toEqual(
      await readCsv(rows),
    );
  });

  it('reads a large row group page by page, fetching a bounded window of bytes at a time', async () => {
    const many = Array.from({ length: 23_456 }, (_, i) => ({
      cost: String(i % 100),
      day: `2024-09-${String((i % 30) + 1).padStart(2, '0')}`,
      resource: `i-${i}`,
    }));
    const content = focusParquet(many, {
      rowGroupSize: 20_000,
      pageSize: 4096,
    });
    const file = content.buffer.slice(
      content.byteOffset,
      content.byteOffset + content.byteLength,
    ) as ArrayBuffer;
    const reads: number[] = [];
    let metadataRead = false;
    const records = [];
    for await (const batch of readFocusParquet(
      {
        byteLength: file.byteLength,
        slice: (start, end) => {
          if (metadataRead) {
            reads.push((end ?? file.byteLength) - start);
          }
          return file.slice(start, end);
        },
      },
      {
        batchSize: 5000,
        readWindowBytes: 2048,
        onHeader: () => {
          metadataRead = true;
        },
      },
    )) {
      records.push(...batch.records);
    }
    expect(records).toHaveLength(many.length);
    expect(records.reduce((sum, record) => sum + record.effectiveCost, 0)).toBe(
      many.reduce((sum, row) => sum + Number(row.cost), 0),
    );
    expect(records[23_455]).toMatchObject({
      effectiveCost: 55,
      usageDate: '2024-09-26',
      resourceId: 'i-23455',
    });
    expect(records[19_999].resourceId).toBe('i-19999');
    // The ResourceId chunk of the first row group alone is far larger than any one read.
    expect(content.byteLength).toBeGreaterThan(100_000);
    expect(Math.max(...reads)).toBeLessThanOrEqual(8192);
  });

  it('reads the same rows whatever the page index, page size and read window', async () => {
    const some = Array.from({ length: 3001 }, (_, i) => ({
      cost: String(i % 7),
      day: `2024-10-${String((i % 28) + 1).padStart(2, '0')}`,
      resource: `r-${i % 1000}`,
      tags: i % 3 ? { app: `svc-${i % 5}` } : undefined,
    }));
    const expected = await readCsv(some);
    for (const [options, window] of [
      [{ rowGroupSize: 3001 }, undefined],
      [{ rowGroupSize: 1000, pageIndex: true }, 1024],
      [{ rowGroupSize: 2000, pageSize: 512 }, 100],
    ] as const) {
      const { batches } = await readAll(
        focusParquet(some, options),
        700,
        window,
      );
      expect(batches.flatMap(batch => batch.records)).toEqual(expected);
    }
  });

  it('reads Tags written as a Parquet MAP, across row groups and pages', async () => {
    const text = (name: string) => ({
      name,
      type: 'BYTE_ARRAY' as const,
      converted_type: 'UTF8' as const,
      repetition_type: 'OPTIONAL' as const,
    });
    const costs = ['BilledCost', 'EffectiveCost', 'ListCost'];
    const texts = [
      'BillingCurrency',
      'BillingPeriodStart',
      'ChargePeriodStart',
      'ChargePeriodEnd',
    ];
    const tags = [
      { app: 'payments', env: 'prod' },
      null,
      {},
      { app: 'orders' },
      { team: 'core', app: 'search' },
    ];
    const file = parquetWriteBuffer({
      schema: [
        { name: 'root', num_children: costs.length + texts.length + 1 },
        ...costs.map(name => ({
          name,
          type: 'DOUBLE' as const,
          repetition_type: 'OPTIONAL' as const,
        })),
        ...texts.map(text),
        {
          name: 'Tags',
          repetition_type: 'OPTIONAL',
          num_children: 1,
          converted_type: 'MAP',
          logical_type: { type: 'MAP' },
        },
        { name: 'key_value', repetition_type: 'REPEATED', num_children: 2 },
        { ...text('key'), repetition_type: 'REQUIRED' },
        text('value'),
      ],
      columnData: [
        ...costs.map(name => ({ name, data: tags.map((_, i) => i + 0.5) })),
        { name: 'BillingCurrency', data: tags.map(() => 'USD') },
        { name: 'BillingPeriodStart', data: tags.map(() => '2024-09-01') },
        { name: 'ChargePeriodStart', data: tags.map(() => '2024-09-02') },
        { name: 'ChargePeriodEnd', data: tags.map(() => '2024-09-03') },
        { name: 'Tags', data: tags },
      ],
      rowGroupSize: 3,
      pageSize: 16,
    });
    const { batches } = await readAll(Buffer.from(file), 2, 64);
    const records = batches.flatMap(batch => batch.records);
    expect(records.map(record => record.tags)).toEqual([
      { app: 'payments', env: 'prod' },
      null,
      {},
      { app: 'orders' },
      { team: 'core', app: 'search' },
    ]);
    expect(records.map(record => record.effectiveCost)).toEqual([
      0.5, 1.5, 2.5, 3.5, 4.5,
    ]);
  });

  it('reports bad rows with their 1-based row number and keeps reading', async () => {
    const { batches } = await readAll(
      focusParquet(
        [
          {},
          { cost: 'NULL' },
          { currency: 'ABC' },
          {},
          { currency: 'usd', tags: '["not", "an", "object"]' },
        ],
        { rowGroupSize: 3 },
      ),
    );
    expect(batches.flatMap(batch => batch.records)).toHaveLength(2);
    expect(batches.flatMap(batch => batch.badRows)).toEqual([
      { row: 2, reason: 'BilledCost: missing' },
      {
        row: 3,
        reason: 'BillingCurrency: "ABC" is not an ISO 4217 currency code',
      },
      { row: 5, reason: 'Tags: not a JSON object of key-value pairs' },
    ]);
  });

  it('reads costs stored as decimals and dates stored as text', async () => {
    const file = Buffer.from(
      parquetWriteBuffer({
        columnData: [
          { name: 'BilledCost', data: ['10.50'], type: 'STRING' },
          { name: 'EffectiveCost', data: [9.25], type: 'DOUBLE' },
          { name: 'ListCost', data: [12n], type: 'INT64' },
          { name: 'BillingCurrency', data: ['USD'], type: 'STRING' },
          {
            name: 'BillingPeriodStart',
            data: ['2024-09-01T00:00:00Z'],
            type: 'STRING',
          },
          {
            name: 'ChargePeriodStart',
            data: ['2024-09-03 00:00:00'],
            type: 'STRING',
          },
          {
            name: 'ChargePeriodEnd',
            data: ['2024-09-04T00:00:00+00:00'],
            type: 'STRING',
          },
          { name: 'InvoiceId', data: ['inv-1'], type: 'STRING' },
        ],
      }),
    );
    const { batches, focusVersion } = await readAll(file);
    expect(focusVersion).toBe('1.2');
    expect(batches[0].records[0]).toMatchObject({
      billedCost: 10.5,
      effectiveCost: 9.25,
      listCost: 12,
      billingPeriodStart: '2024-09-01T00:00:00.000Z',
      usageDate: '2024-09-03',
      tags: null,
    });
  });

  it('rejects a file without the required FOCUS columns, naming them', async () => {
    await expect(
      readAll(focusParquet([{}], { without: ['ListCost', 'BillingCurrency'] })),
    ).rejects.toThrow(
      'Not a FOCUS cost export: the Parquet schema lacks the required column(s) ListCost, BillingCurrency',
    );
  });

  it('names the row and row group it could not decode', async () => {
    const content = focusParquet(rows, { rowGroupSize: 2 });
    // The first column chunk starts right after the 4-byte magic: break its page header.
    content.fill(0xff, 4, 24);
    await expect(readAll(content)).rejects.toThrow(
      /^Cannot read Parquet row 1 \(row group 1\): /,
    );
  });

  it('rejects a file that is not Parquet', async () => {
    await expect(
      readAll(Buffer.from('PAR1 this is not really parquet PAR1')),
    ).rejects.toThrow(/^Not a valid Parquet file: /);
  });
});
