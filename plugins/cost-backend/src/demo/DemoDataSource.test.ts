import { mockServices } from '@backstage/backend-test-utils';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { DateTime } from 'luxon';
import { CostFile } from '../ingest/CostFile';
import { FocusImporter } from '../ingest/FocusImporter';
import { DemoDataSource } from './DemoDataSource';

describe('DemoDataSource', () => {
  /** A catalog whose components are, reading after reading, the given lists (the last one stays). */
  function setup(readings: string[][]) {
    let read = 0;
    const catalog = {
      getEntities: jest.fn(async () => {
        const names = readings[Math.min(read++, readings.length - 1)];
        return { items: names.map(name => ({ metadata: { name } })) };
      }),
    } as unknown as CatalogService;
    const imported: string[] = [];
    const importer = {
      import: jest.fn(async (file: CostFile) => {
        imported.push(
          Buffer.from(await file.readRange(0, file.byteLength)).toString(),
        );
        return { skipped: false, import: { rowsImported: 1 } };
      }),
    } as unknown as FocusImporter;
    const sleeps: number[] = [];
    const source = new DemoDataSource({
      catalog,
      auth: mockServices.auth(),
      importer,
      logger: mockServices.logger.mock(),
      now: () => DateTime.fromISO('2026-12-06T12:00:00Z'),
      sleep: async ms => {
        sleeps.push(ms);
      },
    });
    return { source, imported, sleeps, importer };
  }

  it('waits for the catalog to take its components in before generating their cost', async () => {
    const { source, imported, sleeps } = setup([
      [],
      ['payments'],
      ['checkout', 'payments'],
      ['checkout', 'payments', 'search'],
      ['checkout', 'payments', 'search'],
    ]);
    await source.run();
    expect(sleeps).toEqual([3000, 3000, 3000, 3000]);
    expect(imported).toHaveLength(1);
    for (const service of ['checkout', 'payments', 'search']) {
      expect(imported[0]).toContain(service);
    }
  });

  it('generates at once after one confirming reading when the catalog is settled', async () => {
    const { source, imported, sleeps } = setup([['payments']]);
    await source.run();
    expect(sleeps).toEqual([3000]);
    expect(imported).toHaveLength(1);
  });

  it('gives up on an empty catalog after two minutes, importing nothing', async () => {
    const { source, sleeps, importer } = setup([[]]);
    await source.run();
    expect(sleeps.reduce((sum, ms) => sum + ms, 0)).toBe(120_000);
    expect(importer.import).not.toHaveBeenCalled();
  });
});
