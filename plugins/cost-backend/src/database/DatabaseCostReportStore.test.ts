import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { costFileFromBuffer } from '../ingest/CostFile';
import { FocusImporter } from '../ingest/FocusImporter';
import { focusCsv, TestRow } from '../focus/__testUtils__/testFiles';
import { CostDimension, CostQuery } from './CostReportStore';
import { createCostStores } from './createCostStores';

jest.setTimeout(60_000);

const migrationsDir = resolvePackagePath(
  '@runway/plugin-cost-backend',
  'migrations',
);
const DIMENSIONS: CostDimension[] = [
  'serviceCategory',
  'serviceName',
  'region',
  'account',
];

const rows: TestRow[] = Array.from({ length: 60 }, (_, i) => ({
  day: `2024-${i < 30 ? '09' : '10'}-${String((i % 30) + 1).padStart(2, '0')}`,
  cost: String((i % 7) + 0.125),
  billed: String(i % 5),
  currency: i % 11 === 0 ? 'EUR' : 'USD',
  category: ['Compute', 'Storage', 'Networking'][i % 3],
  service: `service-${i % 4}`,
  region: ['us-east-1', 'eu-west-1'][i % 2],
  account: ['111', '222', ''][i % 3],
  tags: i % 5 === 0 ? undefined : { app: `app-${i % 3}` },
}));

const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())(
  'DatabaseCostReportStore (%s)',
  databaseId => {
    async function setup() {
      const knex = await databases.init(databaseId);
      const stores = await createCostStores({
        database: mockServices.database({ knex }),
      });
      const importer = new FocusImporter({
        store: stores.imports,
        logger: mockServices.logger.mock(),
        batchSize: 7,
      });
      const importRows = (content: TestRow[], name: string) =>
        importer.import(
          costFileFromBuffer(name, Buffer.from(focusCsv(content))),
          'aws',
        );
      return { knex, stores, importRows };
    }

    /**
     * Whole days read the daily sums; the same rows selected by instants a millisecond
     * before midnight (no row starts then) are read from the exported rows.
     */
    async function bothWays(
      read: (query: CostQuery) => Promise<unknown>,
      query: Omit<CostQuery, 'from' | 'to'> = { metric: 'EffectiveCost' },
    ) {
      const daily = await read({
        ...query,
        from: '2024-09-01T00:00:00.000Z',
        to: '2024-10-15T00:00:00.000Z',
      });
      const exported = await read({
        ...query,
        from: '2024-08-31T23:59:59.999Z',
        to: '2024-10-14T23:59:59.999Z',
      });
      return { daily, exported };
    }

    function roundAmounts(value: unknown): unknown {
      return JSON.parse(JSON.stringify(value), (key, inner) =>
        key === 'amount' ? Math.round(inner * 1e9) / 1e9 : inner,
      );
    }

    it("reads an entity whose allocation keys outnumber a statement's parameters", async () => {
      const { knex, stores, importRows } = await setup();
      await importRows(rows, 'a.csv');
      const keys = (await stores.reports.listAllocationKeys()).map(
        key => key.id,
      );
      // A group of a large organisation: its keys, among 20,000 ids (a breakdown repeats the
      // list once per dimension: 80,000 parameters, over SQLite's 32,766 and PostgreSQL's
      // 65,535 when each id was one).
      const many = [
        ...Array.from({ length: 20_000 }, (_, i) => 1_000_000 + i),
        ...keys,
      ];
      for (const { daily, exported } of [
        await bothWays(query =>
          stores.reports.sumByDimensions(query, DIMENSIONS),
        ),
        await bothWays(query =>
          stores.reports.sumByDimensions(
            { ...query, allocationKeyIds: many },
            DIMENSIONS,
          ),
        ),
      ]) {
        expect(roundAmounts(exported)).toEqual(roundAmounts(daily));
      }
      const all = await stores.reports.sumByCurrency({
        metric: 'EffectiveCost',
        from: '2024-09-01T00:00:00.000Z',
        to: '2024-11-01T00:00:00.000Z',
      });
      const viaKeys = await stores.reports.sumByCurrency({
        metric: 'EffectiveCost',
        from: '2024-09-01T00:00:00.000Z',
        to: '2024-11-01T00:00:00.000Z',
        allocationKeyIds: many,
      });
      expect(roundAmounts(viaKeys)).toEqual(roundAmounts(all));
      expect(all.length).toBeGreaterThan(0);
      await knex.destroy();
    });

    it('reads whole days from the daily sums with the same results as the exported rows', async () => {
      const { stores, importRows } = await setup();
      await importRows(rows, 'a.csv');
      const keyIds = (await stores.reports.listAllocationKeys()).map(
        key => key.id,
      );
      const reads: Array<(query: CostQuery) => Promise<unknown>> = [
        query => stores.reports.sumByCurrency(query),
        query => stores.reports.sumByDay(query),
        query => stores.reports.latestUsageDate(query),
        query => stores.reports.sumByAllocationKey(query),
        ...DIMENSIONS.map(
          dimension => async (query: CostQuery) =>
            (await stores.reports.sumByDimensions(query, DIMENSIONS))[
              dimension
            ],
        ),
      ];
      for (const read of reads) {
        for (const query of [
          { metric: 'EffectiveCost' as const },
          { metric: 'BilledCost' as const, allocationKeyIds: keyIds.slice(1) },
        ]) {
          const { daily, exported } = await bothWays(read, query);
          expect(daily).not.toEqual([]);
          expect(roundAmounts(daily)).toEqual(roundAmounts(exported));
        }
      }
      expect(
        await stores.reports.sumByCurrency({
          from: '2024-09-01T00:00:00.000Z',
          to: '2024-09-02T00:00:00.000Z',
          metric: 'EffectiveCost',
        }),
      ).toEqual([{ currency: 'EUR', amount: 0.125 }]);
    });

    it('keeps the daily sums in step when a period is replaced', async () => {
      const { stores, importRows } = await setup();
      await importRows(rows, 'a.csv');
      await importRows(
        [{ day: '2024-09-03', cost: '1000', tags: { app: 'app-1' } }],
        'september-again.csv',
      );
      const { daily, exported } = await bothWays(query =>
        stores.reports.sumByDay(query),
      );
      expect(daily).toEqual(exported);
      expect(daily).toContainEqual({
        date: '2024-09-03',
        currency: 'USD',
        amount: 1000,
      });
      expect(
        (daily as Array<{ date: string }>).filter(day =>
          day.date.startsWith('2024-09'),
        ),
      ).toHaveLength(1);
    });

    it('fills the daily sums from the rows already imported when it migrates', async () => {
      const knex = await databases.init(databaseId);
      await knex.migrate.up({
        directory: migrationsDir,
        name: '20261122_init.js',
      });
      const row = {
        import_id: 'i-1',
        source: 'aws',
        billing_period_start: '2024-09-01T00:00:00.000Z',
        charge_period_start: '2024-09-02T00:00:00.000Z',
        charge_period_end: '2024-09-03T00:00:00.000Z',
        usage_date: '2024-09-02',
        billing_currency: 'USD',
        effective_cost: 1.5,
        billed_cost: 2,
        list_cost: 3,
        service_category: 'Compute',
        allocation_key_id: 1,
      };
      await knex('cost_rows').insert([
        row,
        { ...row, effective_cost: 2.25 },
        { ...row, usage_date: '2024-09-03', effective_cost: 4 },
      ]);
      const stores = await createCostStores({
        database: mockServices.database({ knex }),
      });
      expect(
        await stores.reports.sumByDay({
          from: '2024-09-01T00:00:00.000Z',
          to: '2024-10-01T00:00:00.000Z',
          metric: 'EffectiveCost',
        }),
      ).toEqual([
        { date: '2024-09-02', currency: 'USD', amount: 3.75 },
        { date: '2024-09-03', currency: 'USD', amount: 4 },
      ]);
      await knex.migrate.rollback({ directory: migrationsDir }, true);
      expect(await knex.schema.hasTable('cost_daily')).toBe(false);
    });
  },
);
