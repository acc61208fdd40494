import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { DateTime } from 'luxon';
import { once } from 'node:events';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { createCostStores } from '../database/createCostStores';
import { FocusImporter } from './FocusImporter';
import { OpenCostSource } from './OpenCostSource';

jest.setTimeout(60_000);

function daySet(day: string, namespace: string, cpuCost: number) {
  return {
    [namespace]: {
      name: namespace,
      properties: { cluster: 'c1', namespace },
      window: { start: `${day}T00:00:00Z`, end: `${day}T23:59:59Z` },
      cpuCost,
    },
  };
}

const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())('OpenCostSource (%s)', id => {
  let server: Server;
  let baseUrl: string;
  let answer: { status: number; body: unknown };
  const headers: IncomingHttpHeaders[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      headers.push(req.headers);
      res.writeHead(answer.status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(answer.body));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.close();
    await once(server, 'close');
  });

  async function setup() {
    const knex = await databases.init(id);
    const stores = await createCostStores({
      database: mockServices.database({ knex }),
    });
    const importer = new FocusImporter({
      store: stores.imports,
      logger: mockServices.logger.mock(),
      batchSize: 100,
    });
    const pull = (now: string) =>
      new OpenCostSource({
        settings: {
          name: 'opencost',
          baseUrl,
          token: 'secret-token',
          windowDays: 3,
          aggregate: 'namespace',
          currency: 'EUR',
        },
        importer,
        logger: mockServices.logger.mock(),
        now: () => DateTime.fromISO(now, { zone: 'utc' }),
      }).run();
    const byDay = () =>
      stores.reports.sumByDay({
        from: '2024-09-01T00:00:00.000Z',
        to: '2024-10-01T00:00:00.000Z',
        metric: 'EffectiveCost',
      });
    return { pull, byDay, stores };
  }

  it('replaces every pulled day, emptying the days OpenCost no longer has cost for', async () => {
    const { pull, byDay } = await setup();
    answer = {
      status: 200,
      body: {
        code: 200,
        data: [
          daySet('2024-09-01', 'a', 1),
          daySet('2024-09-02', 'a', 1),
          daySet('2024-09-03', 'a', 1),
        ],
      },
    };
    expect(await pull('2024-09-04T08:00:00Z')).toEqual({
      imported: 1,
      skipped: 0,
      failed: 0,
    });
    expect(headers.at(-1)?.authorization).toBe('Bearer secret-token');
    answer = {
      status: 200,
      body: { code: 200, data: [null, null, daySet('2024-09-04', 'b', 5)] },
    };
    expect(await pull('2024-09-05T08:00:00Z')).toMatchObject({ imported: 1 });
    expect(await byDay()).toEqual([
      { date: '2024-09-01', currency: 'EUR', amount: 1 },
      { date: '2024-09-04', currency: 'EUR', amount: 5 },
    ]);
  });

  it('records a response that is not an allocation response as a failed import', async () => {
    const { pull, stores } = await setup();
    answer = { status: 200, body: { code: 200, data: { not: 'a list' } } };
    expect(await pull('2024-09-04T08:00:00Z')).toEqual({
      imported: 0,
      skipped: 0,
      failed: 1,
    });
    const { items } = await stores.imports.listImports({ limit: 5, offset: 0 });
    expect(items).toEqual([
      expect.objectContaining({
        source: 'opencost',
        status: 'failed',
        error:
          'not an OpenCost allocation response: `data` must be an array of allocation sets',
      }),
    ]);
    answer = { status: 503, body: {} };
    expect(await pull('2024-09-05T08:00:00Z')).toMatchObject({ failed: 1 });
  });
});
