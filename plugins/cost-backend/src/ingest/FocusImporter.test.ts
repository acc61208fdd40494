import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createCostStores } from '../database/createCostStores';
import {
  focusCsv,
  focusParquet,
  focusRow,
  TestRow,
} from '../focus/__testUtils__/testFiles';
import { FocusRowParser } from '../focus/parseFocusRow';
import { UNLIMITED } from '../focus/limits';
import { costFileFromBuffer } from './CostFile';
import { FocusImporter } from './FocusImporter';
import { LocalDirectorySource } from './LocalDirectorySource';

jest.setTimeout(60_000);

const databases = TestDatabases.create();
const WHOLE_TIME = {
  from: '2000-01-01T00:00:00.000Z',
  to: '2100-01-01T00:00:00.000Z',
};

describe.each(databases.eachSupportedId())('FocusImporter (%s)', id => {
  async function setup() {
    const knex = await databases.init(id);
    const stores = await createCostStores({
      database: mockServices.database({ knex }),
    });
    const onImported = jest.fn();
    const importer = new FocusImporter({
      store: stores.imports,
      logger: mockServices.logger.mock(),
      batchSize: 2,
      onImported,
    });
    const total = async (
      metric: 'EffectiveCost' | 'BilledCost' = 'EffectiveCost',
    ) => stores.reports.sumByCurrency({ ...WHOLE_TIME, metric });
    const importCsv = (rows: TestRow[], source = 'aws', name = 'export.csv') =>
      importer.import(
        costFileFromBuffer(name, Buffer.from(focusCsv(rows))),
        source,
      );
    return { knex, stores, importer, total, importCsv, onImported };
  }

  it('imports rows in batches, records the import and skips the same content later', async () => {
    const { stores, total, importCsv, onImported } = await setup();
    const rows: TestRow[] = [
      { cost: '1.5', day: '2024-09-01' },
      { cost: '2.25', day: '2024-09-15', currency: 'EUR' },
      { cost: 'NULL', day: '2024-09-16' },
      { cost: '3', day: '2024-10-02' },
      { cost: '4', day: '2024-10-03' },
    ];
    const first = await importCsv(rows);
    expect(first).toEqual({
      skipped: false,
      import: expect.objectContaining({
        source: 'aws',
        fileName: 'export.csv',
        status: 'succeeded',
        rowsRead: 5,
        rowsImported: 4,
        badRowCount: 1,
        badRows: [{ line: 4, reason: 'BilledCost: missing' }],
        billingPeriods: [
          '2024-09-01T00:00:00.000Z',
          '2024-10-01T00:00:00.000Z',
        ],
        error: null,
      }),
    });
    expect(onImported).toHaveBeenCalledTimes(1);
    expect(await total()).toEqual([
      { currency: 'EUR', amount: 2.25 },
      { currency: 'USD', amount: 8.5 },
    ]);

    const second = await importCsv(rows, 'aws', 'copy.csv');
    expect(second).toEqual({ skipped: true, import: first.import });
    expect(await total()).toHaveLength(2);
    expect(
      (await stores.imports.listImports({ limit: 10, offset: 0 })).totalItems,
    ).toBe(1);
  });

  it('replaces a re-exported billing period of the same source and keeps the others', async () => {
    const { total, importCsv } = await setup();
    await importCsv([
      { cost: '10', day: '2024-09-01' },
      { cost: '20', day: '2024-10-01' },
    ]);
    await importCsv([{ cost: '100', day: '2024-09-01' }], 'azure');
    // September re-exported by aws with corrected figures: replaces aws September only.
    await importCsv([
      { cost: '11', day: '2024-09-01' },
      { cost: '12', day: '2024-09-02' },
    ]);
    expect(await total()).toEqual([
      { currency: 'USD', amount: 11 + 12 + 20 + 100 },
    ]);
  });

  it('leaves no partial period when a file fails midway, and records why', async () => {
    const { knex, stores, total, importCsv, importer } = await setup();
    await importCsv([{ cost: '10', day: '2024-09-01' }]);
    const broken = `${focusCsv([
      { cost: '1', day: '2024-09-01' },
      { cost: '2', day: '2024-09-02' },
      { cost: '3', day: '2024-09-03' },
    ])}"1,"broken\n`;
    await expect(
      importer.import(
        costFileFromBuffer('broken.csv', Buffer.from(broken)),
        'aws',
      ),
    ).rejects.toThrow('Malformed CSV at line 5');
    expect(await total()).toEqual([{ currency: 'USD', amount: 10 }]);
    expect(
      Number((await knex('cost_staged_rows').count({ n: '*' }))[0].n),
    ).toBe(0);
    const { items } = await stores.imports.listImports({
      limit: 10,
      offset: 0,
    });
    expect(items[0]).toMatchObject({
      fileName: 'broken.csv',
      status: 'failed',
      rowsImported: 0,
      billingPeriods: [],
      error: expect.stringMatching(
        /^Malformed CSV at line 5: Invalid Closing Quote/,
      ),
    });
    // A failed import does not count as imported content: it can be retried.
    expect(
      await stores.imports.findImportedContent(
        items[0].contentHash,
        items[0].source,
      ),
    ).toBeUndefined();
  });

  it('refuses a gzip bomb by its inflated size before parsing a row of it', async () => {
    const { stores } = await setup();
    const importer = new FocusImporter({
      store: stores.imports,
      logger: mockServices.logger.mock(),
      batchSize: 2,
      limits: { ...UNLIMITED, maxDecompressedBytes: 1024 ** 2 },
    });
    // 8 MB of rows that inflate from a few kilobytes.
    const row = `${focusRow({ cost: '1' })}\n`;
    const bomb = gzipSync(
      focusCsv([]) + row.repeat(Math.ceil((8 * 1024 ** 2) / row.length)),
    );
    expect(bomb.length).toBeLessThan(100 * 1024);
    const parse = jest.spyOn(FocusRowParser.prototype, 'parse');
    try {
      await expect(
        importer.import(costFileFromBuffer('bomb.csv.gz', bomb), 'aws'),
      ).rejects.toThrow(
        'The CSV (decompressed) exceeds the limit of 1048576 bytes (cost.import.maxDecompressedMb)',
      );
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
    const { items } = await stores.imports.listImports({
      limit: 10,
      offset: 0,
    });
    expect(items.map(item => item.status)).not.toContain('succeeded');
  });

  it('records an empty file as failed', async () => {
    const { importer } = await setup();
    await expect(
      importer.import(costFileFromBuffer('empty.csv', Buffer.from('')), 'aws'),
    ).rejects.toThrow('The file is empty: it has no FOCUS header line');
  });

  it('imports gzip and Parquet files and the files of a local directory', async () => {
    const { importer, total } = await setup();
    const dir = await mkdtemp(join(tmpdir(), 'cost-source-'));
    try {
      await writeFile(
        join(dir, 'a.csv.gz'),
        gzipSync(focusCsv([{ cost: '1' }])),
      );
      await writeFile(
        join(dir, 'b.csv'),
        focusCsv([{ cost: '2', day: '2024-10-01' }]),
      );
      await writeFile(join(dir, 'c.csv'), 'not,a,focus,file\n');
      await writeFile(
        join(dir, 'd.csv.parquet'),
        focusParquet([{ cost: '4', day: '2024-11-01' }]),
      );
      const source = new LocalDirectorySource({
        name: 'local',
        glob: '*.csv*',
        cwd: dir,
        importer,
        logger: mockServices.logger.mock(),
      });
      expect(await source.run()).toEqual({
        imported: 3,
        skipped: 0,
        failed: 1,
      });
      expect(await source.run()).toEqual({
        imported: 0,
        skipped: 3,
        failed: 1,
      });
      expect(await total()).toEqual([{ currency: 'USD', amount: 7 }]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
