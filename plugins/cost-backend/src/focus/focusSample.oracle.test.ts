import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { gzipSync } from 'node:zlib';
import { oraclePath, oracleSuite } from '../__testUtils__/oracle';
import { costPlugin } from '../plugin';

/*
 * The FinOps FOCUS sample (../shared/oracle/focus/sample, next to the repository) imported
 * through the upload endpoint must lose no row and reproduce the aggregates its README
 * states (computed there with exact decimals). The files are read at test time, never
 * copied into the repository.
 */
jest.setTimeout(120_000);

const samplePath = oraclePath('focus/sample/focus_sample.csv');
const expectedPath = oraclePath('focus/sample/focus_sample.expected.json');
const oracle = oracleSuite('the FOCUS sample oracle', [
  samplePath,
  expectedPath,
]);

type Metric = 'BilledCost' | 'EffectiveCost' | 'ListCost';
const METRICS: Metric[] = ['BilledCost', 'EffectiveCost', 'ListCost'];
const COLUMNS: Record<Metric, string> = {
  BilledCost: 'billed_cost',
  EffectiveCost: 'effective_cost',
  ListCost: 'list_cost',
};
/** The README's sums are exact to 11 decimals; JS and SQLite sum as doubles. */
const DIGITS = 9;

const databases = TestDatabases.create();

oracle.describe.each(databases.eachSupportedId())(
  'FOCUS sample oracle (%s)',
  databaseId => {
    const expected = oracle.present
      ? JSON.parse(readFileSync(expectedPath, 'utf8'))
      : undefined;
    const window = 'from=2024-09-01&to=2024-10-01';

    async function importSample(gzipped: boolean) {
      const knex = await databases.init(databaseId);
      const { server } = await startTestBackend({
        features: [
          costPlugin,
          mockServices.database.factory({ knex }),
          catalogServiceMock.factory({ entities: [] }),
        ],
      });
      const content = readFileSync(samplePath);
      const upload = await request(server)
        .post('/api/cost/imports?fileName=focus_sample.csv&source=sample')
        .set('Authorization', mockCredentials.service.header())
        .set('Content-Type', gzipped ? 'application/gzip' : 'text/csv')
        .send(gzipped ? gzipSync(content) : content);
      return { server, knex, upload };
    }

    it('imports every row of the sample, none bad', async () => {
      const { upload } = await importSample(false);
      expect(upload.status).toBe(201);
      expect(upload.body.import).toMatchObject({
        status: 'succeeded',
        rowsRead: expected.rows,
        rowsImported: expected.rows,
        badRowCount: 0,
        badRows: [],
        billingPeriods: [
          '2024-09-01T00:00:00.000Z',
          '2024-10-01T00:00:00.000Z',
        ],
      });
    });

    it('reproduces the totals, per provider, service category, charge category and billing period', async () => {
      const { server, knex, upload } = await importSample(true);
      expect(upload.body.import.rowsImported).toBe(expected.rows);

      for (const metric of METRICS) {
        const report = await request(server)
          .get(`/api/cost/allocation?${window}&metric=${metric}`)
          .set('Authorization', mockCredentials.user.header());
        expect(report.status).toBe(200);
        expect(report.body.coverage).toHaveLength(1);
        expect(report.body.coverage[0].currency).toBe('USD');
        expect(report.body.coverage[0].total).toBeCloseTo(
          Number(expected.totals[metric]),
          DIGITS,
        );
      }

      const groups: Array<[string, string]> = [
        ['provider_name', 'byProviderName'],
        ['service_category', 'byServiceCategory'],
        ['charge_category', 'byChargeCategory'],
      ];
      for (const [column, key] of groups) {
        const rows: Array<Record<string, string | number>> = await knex(
          'cost_rows',
        )
          .select({ value: column })
          .count({ rows: '*' })
          .sum({
            BilledCost: 'billed_cost',
            EffectiveCost: 'effective_cost',
            ListCost: 'list_cost',
          })
          .groupBy(column);
        expect(rows).toHaveLength(Object.keys(expected[key]).length);
        for (const row of rows) {
          const want = expected[key][row.value];
          expect(Number(row.rows)).toBe(want.rows);
          for (const metric of METRICS) {
            expect(Number(row[metric])).toBeCloseTo(
              Number(want[metric]),
              DIGITS,
            );
          }
        }
      }

      const periods: Array<Record<string, string | number>> = await knex(
        'cost_rows',
      )
        .select('billing_period_start')
        .count({ rows: '*' })
        .sum({ amount: COLUMNS.BilledCost })
        .groupBy('billing_period_start')
        .orderBy('billing_period_start');
      expect(
        periods.map(p => [p.billing_period_start, Number(p.rows)]),
      ).toEqual([
        ['2024-09-01T00:00:00.000Z', 999],
        ['2024-10-01T00:00:00.000Z', 1],
      ]);
      expect(Number(periods[0].amount)).toBeCloseTo(
        Number(expected.byBillingPeriodStart['2024-09-01 00:00:00'].BilledCost),
        DIGITS,
      );
    });

    it('keeps the distinct values and the tags as exported', async () => {
      const { server, knex } = await importSample(false);
      const distinct: Array<[string, string]> = [
        ['provider_name', 'ProviderName'],
        ['service_name', 'ServiceName'],
        ['service_category', 'ServiceCategory'],
        ['sub_account_id', 'SubAccountId'],
        ['sub_account_name', 'SubAccountName'],
        ['region_id', 'RegionId'],
        ['resource_id', 'ResourceId'],
      ];
      for (const [column, name] of distinct) {
        const [{ n }] = await knex('cost_rows').countDistinct({ n: column });
        expect([name, Number(n)]).toEqual([
          name,
          expected.distinctNonNull[name],
        ]);
      }
      const [{ n: tagged }] = await knex('cost_rows')
        .whereNotNull('tags')
        .count({ n: '*' });
      expect(Number(tagged)).toBe(expected.tags.rowsWithTagsObject);
      const [{ min, max }] = await knex('cost_rows')
        .min({ min: 'charge_period_start' })
        .max({ max: 'charge_period_end' });
      expect([min, max]).toEqual([
        '2024-09-01T00:00:00.000Z',
        '2024-10-01T00:00:00.000Z',
      ]);

      // Nothing in an empty catalog: all of it is unallocated, by tag as exported.
      const environments = expected.byTagEnvironment;
      for (const metric of ['EffectiveCost', 'BilledCost'] as const) {
        const report = await request(server)
          .get(`/api/cost/allocation?${window}&limit=50&metric=${metric}`)
          .set('Authorization', mockCredentials.user.header());
        const environment = (value: string) =>
          report.body.topTags.find(
            (tag: { key: string; value: string }) =>
              tag.key === 'environment' && tag.value === value,
          )?.amount;
        expect(environment('dev')).toBeCloseTo(
          Number(environments.dev[metric]),
          DIGITS,
        );
        // Effective prod cost is 0, below the top 50 tags; billed prod cost is among them.
        expect(environment('prod') ?? 0).toBeCloseTo(
          Number(environments.prod[metric]),
          DIGITS,
        );
        expect(report.body.untagged[0].amount).toBeCloseTo(
          Number(environments['(Tags NULL)'][metric]),
          DIGITS,
        );
        expect(report.body.coverage[0].ratio).toBe(0);
      }
    });
  },
);
