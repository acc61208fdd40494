import { Readable } from 'node:stream';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { readFocusCsv } from './readFocusCsv';
import { readFocusParquet } from './readFocusParquet';
import { focusCsv, focusParquet, TestRow } from './__testUtils__/testFiles';

async function readAll(
  content: Buffer,
  batchSize = 1000,
  rowsPerRead?: number,
) {
  const batches = [];
  let focusVersion: string | undefined;
  const file = content.buffer.slice(
    content.byteOffset,
    content.byteOffset + content.byteLength,
  ) as ArrayBuffer;
  for await (const batch of readFocusParquet(file, {
    batchSize,
    rowsPerRead,
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

  it('reads row groups in slices when the file has a page index', async () => {
    const many = Array.from({ length: 23_456 }, (_, i) => ({
      cost: String(i % 100),
      day: `2024-09-${String((i % 30) + 1).padStart(2, '0')}`,
    }));
    const { batches } = await readAll(
      focusParquet(many, { rowGroupSize: 20_000, pageIndex: true }),
      5000,
      3000,
    );
    const records = batches.flatMap(batch => batch.records);
    expect(records).toHaveLength(many.length);
    expect(records.reduce((sum, record) => sum + record.effectiveCost, 0)).toBe(
      many.reduce((sum, row) => sum + Number(row.cost), 0),
    );
    expect(records[23_455]).toMatchObject({
      effectiveCost: 55,
      usageDate: '2024-09-26',
    });
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

  it('rejects a file that is not Parquet', async () => {
    await expect(
      readAll(Buffer.from('PAR1 this is not really parquet PAR1')),
    ).rejects.toThrow(/^Not a valid Parquet file: /);
  });
});
