import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { DateTime } from 'luxon';
import { readFileSync } from 'node:fs';
import { once } from 'node:events';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { oraclePath, oracleSuite } from '../__testUtils__/oracle';
import { createCostStores } from '../database/createCostStores';
import { CostAttribution } from '../service/CostAttribution';
import { CostReports } from '../service/CostReports';
import { readCostSettings } from '../service/settings';
import { FocusImporter } from './FocusImporter';
import { OpenCostSource } from './OpenCostSource';

/*
 * The OpenCost allocation examples (../shared/oracle/opencost next to the repository), served
 * by a local HTTP server as OpenCost would answer, pulled by the OpenCost source and mapped
 * to entities by namespace: each entity's cost must be the figures the folder's README
 * states. The files are read at test time, never copied into the repository.
 */
jest.setTimeout(60_000);

const readmePath = oraclePath('opencost/README.md');
const EXAMPLES: Record<string, { file: string; day: string }> = {
  'website 7d': {
    file: 'allocation-window7d-aggregate-namespace.opencost-website.json',
    day: '2023-07-12',
  },
  'swagger 2d': {
    file: 'allocation-compute-window2d-aggregate-namespace.swagger-example.json',
    day: '2023-01-18',
  },
};
const oracle = oracleSuite('the OpenCost oracle', [
  readmePath,
  ...Object.values(EXAMPLES).map(example =>
    oraclePath('opencost', example.file),
  ),
]);

interface Expected {
  namespace: string;
  cpuCost: number;
  ramCost: number;
  totalCost: number;
}

/** The README's "Expected values" table, by example. */
function expectedValues(): Record<string, Expected[]> {
  const byExample: Record<string, Expected[]> = {};
  const row =
    /^\| (website 7d|swagger 2d) \| \**([a-z0-9-]+)\** \| ([\d.]+) \| ([\d.]+) \| \**([\d.]+)\** \|$/;
  for (const line of readFileSync(readmePath, 'utf8').split('\n')) {
    const match = row.exec(line.trim());
    if (match) {
      (byExample[match[1]] ??= []).push({
        namespace: match[2],
        cpuCost: Number(match[3]),
        ramCost: Number(match[4]),
        totalCost: Number(match[5]),
      });
    }
  }
  return byExample;
}

/** A component per namespace of the examples, named after it. */
const entities: Entity[] = ['kube-system', 'opencost', 'prometheus'].map(
  namespace => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: `k8s-${namespace}`, namespace: 'default' },
    spec: {},
  }),
);

const databases = TestDatabases.create();

oracle.describe.each(databases.eachSupportedId())(
  'OpenCost oracle (%s)',
  databaseId => {
    const expected = oracle.present ? expectedValues() : {};
    let server: Server;
    let baseUrl: string;
    let served = '';
    const requests: URL[] = [];

    beforeAll(async () => {
      server = createServer((req, res) => {
        const url = new URL(req.url!, 'http://localhost');
        requests.push(url);
        if (url.pathname !== '/model/allocation/compute') {
          res.writeHead(404).end();
          return;
        }
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(served);
      });
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      baseUrl = `http://127.0.0.1:${
        (server.address() as AddressInfo).port
      }/model`;
    });
    afterAll(async () => {
      server.close();
      await once(server, 'close');
    });

    async function setup() {
      const knex = await databases.init(databaseId);
      const stores = await createCostStores({
        database: mockServices.database({ knex }),
      });
      const settings = readCostSettings(
        new ConfigReader({
          cost: {
            sources: {
              opencost: [
                {
                  name: 'opencost',
                  baseUrl,
                  window: '3d',
                  mapping: entities.map(entity => ({
                    namespace: entity.metadata.name.replace(/^k8s-/, ''),
                    entity: entity.metadata.name,
                  })),
                },
              ],
            },
          },
        }),
      );
      const attribution = new CostAttribution({
        catalog: catalogServiceMock({ entities }),
        auth: mockServices.auth(),
        store: stores.reports,
        rules: settings.attribution,
        cacheTtlMs: 0,
      });
      const importer = new FocusImporter({
        store: stores.imports,
        logger: mockServices.logger.mock(),
        batchSize: 1000,
      });
      const source = (now: string) =>
        new OpenCostSource({
          settings: settings.openCostSources[0],
          importer,
          logger: mockServices.logger.mock(),
          now: () => DateTime.fromISO(now, { zone: 'utc' }),
        });
      return {
        stores,
        source,
        reports: new CostReports(stores.reports, attribution),
      };
    }

    it.each(Object.keys(EXAMPLES))(
      'maps the %s example to one entity per namespace with the stated costs',
      async example => {
        const { file, day } = EXAMPLES[example];
        served = readFileSync(oraclePath('opencost', file), 'utf8');
        requests.length = 0;
        const { stores, source, reports } = await setup();
        const start = DateTime.fromISO(day, { zone: 'utc' });
        const pullDay = start.plus({ days: 10 }).toISO()!;

        expect(await source(pullDay).run()).toEqual({
          imported: 1,
          skipped: 0,
          failed: 0,
        });
        expect(requests).toHaveLength(1);
        expect(Object.fromEntries(requests[0].searchParams)).toEqual({
          window: `${start.plus({ days: 7 }).toISO({
            suppressMilliseconds: true,
          })},${start
            .plus({ days: 10 })
            .toISO({ suppressMilliseconds: true })}`,
          aggregate: 'namespace',
          step: '1d',
          accumulate: 'false',
        });

        const window = {
          from: start,
          to: start.plus({ days: 8 }),
          metric: 'EffectiveCost' as const,
        };
        const entityCost = (namespace: string) =>
          reports.entityCost({
            entityRef: `component:default/k8s-${namespace}`,
            window,
            granularity: 'day',
            now: window.to,
          });
        const rows = expected[example].filter(row => row.namespace !== 'sum');
        expect(rows).toHaveLength(3);
        for (const row of rows) {
          const cost = await entityCost(row.namespace);
          const amount = cost.totals[0]?.amount ?? 0;
          // OpenCost rounds totalCost separately from its parts (1e-5 in the website example).
          expect(amount).toBeCloseTo(row.totalCost, 4);
          const service = (name: string) =>
            cost.breakdown.serviceName.find(item => item.key === name)
              ?.amount ?? 0;
          expect(service('Kubernetes CPU')).toBeCloseTo(row.cpuCost, 9);
          expect(service('Kubernetes memory')).toBeCloseTo(row.ramCost, 9);
        }
        const all = await stores.reports.sumByCurrency({
          from: window.from.toISO()!,
          to: window.to.toISO()!,
          metric: 'EffectiveCost',
        });
        const sum = expected[example].find(row => row.namespace === 'sum');
        expect(all).toHaveLength(1);
        expect(all[0].currency).toBe('USD');
        expect(all[0].amount).toBeCloseTo(sum!.totalCost, 4);

        // The same answer again is skipped; a later pull replaces the day, never doubles it.
        expect(await source(pullDay).run()).toMatchObject({ skipped: 1 });
        expect(
          await source(start.plus({ days: 11 }).toISO()!).run(),
        ).toMatchObject({ imported: 1 });
        expect(
          await stores.reports.sumByCurrency({
            from: window.from.toISO()!,
            to: window.to.toISO()!,
            metric: 'EffectiveCost',
          }),
        ).toEqual(all);
      },
    );
  },
);
