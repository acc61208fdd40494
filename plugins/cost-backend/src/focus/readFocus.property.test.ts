import { InputError } from '@backstage/errors';
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { FocusRowParser } from './parseFocusRow';
import { readFocusCsv } from './readFocusCsv';
import { readFocusParquet } from './readFocusParquet';
import { FOCUS_HEADER, focusParquet } from './__testUtils__/testFiles';

/**
 * Whatever a file holds, reading it ends in batches or in an InputError (a 400 naming what is
 * wrong): never another error, which the router would answer with a 500.
 */
async function readOutcome(read: () => AsyncGenerator<unknown>) {
  try {
    for await (const _batch of read()) {
      // Only the outcome matters.
    }
    return 'read';
  } catch (error) {
    if (error instanceof InputError) {
      return 'refused';
    }
    throw error;
  }
}

const readCsv = (content: string | Uint8Array, gzipped = false) =>
  readOutcome(() =>
    readFocusCsv(Readable.from([Buffer.from(content)]), {
      gzipped,
      batchSize: 7,
      maxDecompressedBytes: 1 << 20,
    }),
  );

const readParquet = (content: Uint8Array) =>
  readOutcome(() =>
    readFocusParquet(
      {
        byteLength: content.byteLength,
        slice: async (start, end) =>
          content.slice(start, end ?? content.byteLength).buffer,
      },
      { batchSize: 7, maxPageBytes: 1 << 20, maxRowGroupBytes: 1 << 22 },
    ),
  );

/** Cells as exports write them, and as they should not. */
const cellValue = fc.oneof(
  fc.string(),
  fc.constantFrom(
    '',
    'NULL',
    '1',
    '-0.5',
    '1e400',
    '1e30',
    'NaN',
    'USD',
    'usd',
    'XYZ',
    '2024-09-01T00:00:00Z',
    '2024-09-01 00:00:00',
    '2024-13-45',
    '+275760-09-13T00:00:00Z',
    '{"app":"payments"}',
    '{"__proto__":{"polluted":true}}',
    '[]',
    'null',
    '"',
  ),
);

/** A header of FOCUS columns (some missing, some repeated) and unknown ones, shuffled. */
const header = fc
  .tuple(
    fc.subarray(FOCUS_HEADER, { minLength: 0 }),
    fc.array(fc.constantFrom(...FOCUS_HEADER, '__proto__', 'constructor')),
    fc.array(fc.string({ maxLength: 12 }), { maxLength: 3 }),
  )
  .chain(([focus, repeated, unknown]) =>
    fc.shuffledSubarray([...focus, ...repeated, ...unknown], {
      minLength: focus.length + repeated.length + unknown.length,
    }),
  );

const PROPERTY_RUNS = { numRuns: 300, timeout: 2000 };

describe('reading any input', () => {
  it('ends in rows or an InputError for arbitrary text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary' }), async text => {
        expect(['read', 'refused']).toContain(await readCsv(text));
      }),
      PROPERTY_RUNS,
    );
  });

  it('ends in rows or an InputError for arbitrary text after a FOCUS header', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary' }), async text => {
        expect(['read', 'refused']).toContain(
          await readCsv(`${FOCUS_HEADER.join(',')}\n${text}`),
        );
      }),
      PROPERTY_RUNS,
    );
  });

  it('ends in rows or an InputError for arbitrary headers and rows', async () => {
    await fc.assert(
      fc.asyncProperty(
        header,
        fc.array(fc.array(cellValue, { maxLength: 25 }), { maxLength: 20 }),
        async (columns, rows) => {
          const csv = stringify([columns, ...rows]);
          expect(['read', 'refused']).toContain(await readCsv(csv));
          expect(['read', 'refused']).toContain(
            await readCsv(gzipSync(csv), true),
          );
        },
      ),
      PROPERTY_RUNS,
    );
  });

  it('ends in rows or an InputError for arbitrary bytes, plain, gzip or Parquet', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), async bytes => {
        expect(['read', 'refused']).toContain(await readCsv(bytes));
        expect(['read', 'refused']).toContain(await readCsv(bytes, true));
        const gzipMagic = new Uint8Array([0x1f, 0x8b, 0x08, ...bytes]);
        expect(['read', 'refused']).toContain(await readCsv(gzipMagic, true));
        const parquetMagic = Buffer.concat([
          Buffer.from('PAR1'),
          bytes,
          Buffer.from('PAR1'),
        ]);
        expect(['read', 'refused']).toContain(
          await readParquet(new Uint8Array(parquetMagic)),
        );
      }),
      PROPERTY_RUNS,
    );
  });

  it('ends in rows or an InputError for a real Parquet file with bytes flipped', async () => {
    const file = new Uint8Array(
      focusParquet(
        Array.from({ length: 30 }, (_, i) => ({
          cost: String(i),
          tags: { app: `svc-${i % 3}` },
        })),
        { rowGroupSize: 10 },
      ),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.tuple(
            fc.nat({ max: file.length - 1 }),
            fc.integer({ min: 0, max: 255 }),
          ),
          { minLength: 1, maxLength: 8 },
        ),
        async flips => {
          const corrupt = file.slice();
          for (const [offset, value] of flips) {
            corrupt[offset] = value;
          }
          expect(['read', 'refused']).toContain(await readParquet(corrupt));
        },
      ),
      {
        ...PROPERTY_RUNS,
        // Found by a CI run (seed -851682343): a footer byte that makes a schema element's
        // child count run past the list, which hyparquet answered with a TypeError (a 500).
        examples: [[[[3401, 67]]]],
      },
    );
  });

  it('turns any record into a row the database can store, or a reason', () => {
    const parser = new FocusRowParser();
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom(...FOCUS_HEADER), cellValue),
        record => {
          const parsed = parser.parse(record);
          if (!parsed.ok) {
            return parsed.reason.length > 0;
          }
          const row = parsed.record;
          // The widths and ranges of migrations/20261122_init.js.
          for (const amount of [
            row.billedCost,
            row.effectiveCost,
            row.listCost,
          ]) {
            expect(Math.abs(amount)).toBeLessThan(1e23);
          }
          expect(row.currency).toMatch(/^[A-Z]{3}$/);
          for (const instant of [
            row.billingPeriodStart,
            row.chargePeriodStart,
            row.chargePeriodEnd,
          ]) {
            expect(instant.length).toBeLessThanOrEqual(32);
          }
          expect(row.usageDate.length).toBeLessThanOrEqual(10);
          expect((row.chargeCategory ?? '').length).toBeLessThanOrEqual(64);
          expect(row.chargePeriodEnd >= row.chargePeriodStart).toBe(true);
          return true;
        },
      ),
      { numRuns: 2000 },
    );
  });
});
