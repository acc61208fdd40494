import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import {
  checkDecompressedSize,
  FocusBatch,
  MAX_BAD_ROW_EXAMPLES,
  readFocusCsv,
} from './readFocusCsv';
import { focusCsv, focusRow, FOCUS_HEADER } from './__testUtils__/testFiles';

async function readAll(
  content: string | Buffer,
  options: {
    gzipped?: boolean;
    batchSize?: number;
    maxDecompressedBytes?: number;
  } = {},
) {
  const batches: FocusBatch[] = [];
  let focusVersion: string | undefined;
  for await (const batch of readFocusCsv(
    Readable.from([Buffer.from(content)]),
    {
      gzipped: options.gzipped ?? false,
      batchSize: options.batchSize ?? 1000,
      maxDecompressedBytes: options.maxDecompressedBytes,
      onHeader: header => {
        focusVersion = header.focusVersion;
      },
    },
  )) {
    batches.push(batch);
  }
  return { batches, focusVersion };
}

describe('readFocusCsv', () => {
  it('streams rows in batches of the given size', async () => {
    const rows = Array.from({ length: 5 }, (_, i) => ({ cost: String(i) }));
    const { batches, focusVersion } = await readAll(focusCsv(rows), {
      batchSize: 2,
    });
    expect(batches.map(b => b.records.length)).toEqual([2, 2, 1]);
    expect(focusVersion).toBe('1.0');
  });

  it('reads gzip-compressed files, a BOM and CRLF line endings', async () => {
    const csv = `\uFEFF${focusCsv([{}, {}]).replace(/\n/g, '\r\n')}`;
    const { batches } = await readAll(gzipSync(csv), { gzipped: true });
    expect(batches[0].records).toHaveLength(2);
    expect(batches[0].badRows).toEqual([]);
  });

  it('detects FOCUS 1.2 by its columns', async () => {
    const csv = focusCsv([{}]).replace('Tags', 'Tags,InvoiceId');
    const lines = csv.split('\n');
    lines[1] = `${lines[1]},"inv-1"`;
    const { focusVersion } = await readAll(lines.join('\n'));
    expect(focusVersion).toBe('1.2');
  });

  it('reports bad rows with their physical line and reason, and keeps reading', async () => {
    const csv = [
      FOCUS_HEADER.join(','),
      focusRow({}),
      focusRow({ cost: 'NULL' }),
      focusRow({ currency: 'ABC' }),
      '1,2,3',
      focusRow({ day: '2024-13-45' }),
      focusRow({}),
    ].join('\n');
    const { batches } = await readAll(csv);
    expect(batches).toHaveLength(1);
    expect(batches[0].records).toHaveLength(2);
    expect(batches[0].badRows).toEqual([
      { line: 3, reason: 'BilledCost: missing' },
      {
        line: 4,
        reason: 'BillingCurrency: "ABC" is not an ISO 4217 currency code',
      },
      {
        line: 5,
        reason: expect.stringMatching(
          /Invalid Record Length.*columns length is 19, got 3 on line 5/,
        ),
      },
      {
        line: 6,
        reason:
          'BillingPeriodStart: "2024-13-01 00:00:00" is not a date/time (expected YYYY-MM-DDTHH:mm:ssZ)',
      },
    ]);
  });

  it('counts 300,000 malformed lines, listing only the first ones', async () => {
    const [header, good] = focusCsv([{}]).trimEnd().split('\n');
    const { batches } = await readAll(
      `${header}\n${good}\n${'garbage\n'.repeat(300_000)}`,
    );
    expect(batches.reduce((sum, b) => sum + b.badRowCount, 0)).toBe(300_000);
    expect(batches.flatMap(b => b.records)).toHaveLength(1);
    const listed = batches.flatMap(b => b.badRows);
    expect(listed).toHaveLength(MAX_BAD_ROW_EXAMPLES);
    expect(listed[99]).toEqual({
      line: 102,
      reason: 'Invalid Record Length: columns length is 19, got 1 on line 102',
    });
  }, 180_000);

  it('stops reading past the decompressed size limit', async () => {
    const csv = focusCsv(Array.from({ length: 100 }, () => ({})));
    await expect(
      readAll(gzipSync(csv), { gzipped: true, maxDecompressedBytes: 1000 }),
    ).rejects.toThrow(
      'The CSV (decompressed) exceeds the limit of 1000 bytes (cost.import.maxDecompressedMb)',
    );
  });

  it("checks a gzip file's inflated size without parsing it", async () => {
    const inflated = Buffer.alloc(4 * 1024 ** 2, 'a');
    const gzipped = gzipSync(inflated);
    const check = (content: Buffer, max: number) =>
      checkDecompressedSize(Readable.from([content]), max);
    await expect(check(gzipped, inflated.length)).resolves.toBeUndefined();
    await expect(check(gzipped, inflated.length - 1)).rejects.toThrow(
      `The CSV (decompressed) exceeds the limit of ${
        inflated.length - 1
      } bytes (cost.import.maxDecompressedMb)`,
    );
    await expect(check(gzipped.subarray(0, 100), 1e9)).rejects.toThrow(
      'Not a valid gzip file',
    );
    await expect(check(Buffer.from('plain,csv\n'), 1e9)).rejects.toThrow(
      'Not a valid gzip file',
    );
  });

  it('rejects a file without the required FOCUS columns, naming them', async () => {
    await expect(readAll('Cost,Currency\n1,USD\n')).rejects.toThrow(
      'Not a FOCUS cost export: the header (line 1) lacks the required column(s) BilledCost, EffectiveCost, ListCost, BillingCurrency, BillingPeriodStart, ChargePeriodStart, ChargePeriodEnd',
    );
  });

  it('rejects a file whose quoting breaks, naming the line', async () => {
    const csv = `${focusCsv([{}])}"1.0,"unterminated\n`;
    await expect(readAll(csv)).rejects.toThrow(
      'Malformed CSV at line 3: Invalid Closing Quote: got "u" at line 3',
    );
  });

  it('rejects a corrupt gzip file', async () => {
    const corrupt = Buffer.concat([
      Buffer.from([0x1f, 0x8b, 0x08, 0x00]),
      Buffer.from('not really gzip'),
    ]);
    await expect(readAll(corrupt, { gzipped: true })).rejects.toThrow(
      /Not a valid gzip file/,
    );
  });
});
