import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { SchedulerServiceTaskInvocationDefinition } from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import request from 'supertest';
import { createCostStores } from './database/createCostStores';
import { focusCsv } from './focus/__testUtils__/testFiles';
import { readFocusCsv } from './focus/readFocusCsv';
import { STALE_IMPORT_MS } from './ingest/FocusImporter';
import { costPlugin } from './plugin';

jest.setTimeout(60_000);

const databases = TestDatabases.create();

describe('costPlugin', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cost-plugin-'));
  });

  const afterTestClose: Server[] = [];

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
    for (const server of afterTestClose.splice(0)) {
      server.close();
    }
  });

  it('reads every configured source on the configured schedule, past one that fails', async () => {
    await writeFile(join(dir, 'aws.csv'), focusCsv([{ cost: '4' }]));
    const openCost = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({
          code: 200,
          data: [
            {
              payments: {
                name: 'payments',
                properties: { cluster: 'c1', namespace: 'payments' },
                window: {
                  start: '2024-09-01T00:00:00Z',
                  end: '2024-09-02T00:00:00Z',
                },
                cpuCost: 1.25,
              },
            },
          ],
        }),
      );
    });
    openCost.listen(0, '127.0.0.1');
    await once(openCost, 'listening');
    afterTestClose.push(openCost);
    const scheduleTask = jest.fn<
      Promise<void>,
      [SchedulerServiceTaskInvocationDefinition & { frequency: unknown }]
    >(async () => {});
    const { server } = await startTestBackend({
      features: [
        costPlugin,
        mockServices.rootConfig.factory({
          data: {
            cost: {
              import: {
                schedule: {
                  frequency: { minutes: 5 },
                  timeout: { minutes: 2 },
                },
              },
              sources: {
                local: [{ name: 'local', glob: join(dir, '*.csv') }],
                s3: [
                  {
                    name: 'unreachable-bucket',
                    bucket: 'cost',
                    region: 'us-east-1',
                    // The discard port: nothing listens, the listing fails.
                    endpoint: 'http://127.0.0.1:9',
                    forcePathStyle: true,
                    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
                  },
                ],
                opencost: [
                  {
                    name: 'opencost',
                    baseUrl: `http://127.0.0.1:${
                      (openCost.address() as AddressInfo).port
                    }`,
                  },
                ],
              },
            },
          },
        }),
        mockServices.scheduler.mock({ scheduleTask }).factory,
        catalogServiceMock.factory({ entities: [] }),
      ],
    });
    expect(scheduleTask).toHaveBeenCalledWith(
      expect.objectContaining({
        id: 'cost-import-sources',
        frequency: { minutes: 5 },
        timeout: { minutes: 2 },
      }),
    );
    const sourcesTask = scheduleTask.mock.calls.find(
      ([definition]) => definition.id === 'cost-import-sources',
    )!;
    await sourcesTask[0].fn(new AbortController().signal);

    const imports = await request(server)
      .get('/api/cost/imports')
      .set('Authorization', mockCredentials.user.header());
    expect(imports.body).toMatchObject({
      totalItems: 2,
      items: expect.arrayContaining([
        expect.objectContaining({
          source: 'local',
          fileName: 'aws.csv',
          rowsImported: 1,
        }),
        expect.objectContaining({ source: 'opencost', rowsImported: 1 }),
      ]),
    });
  });

  it('imports generated demo cost for the catalog components when demo data is on', async () => {
    const scheduleTask = jest.fn<
      Promise<void>,
      [SchedulerServiceTaskInvocationDefinition]
    >(async () => {});
    const { server } = await startTestBackend({
      features: [
        costPlugin,
        mockServices.rootConfig.factory({
          data: { cost: { demo: { enabled: true } } },
        }),
        mockServices.scheduler.mock({ scheduleTask }).factory,
        catalogServiceMock.factory({
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Component',
              metadata: { name: 'payments', namespace: 'default' },
              spec: {},
            },
          ],
        }),
      ],
    });
    const task = scheduleTask.mock.calls.find(
      ([definition]) => definition.id === 'cost-demo-data',
    )!;
    await task[0].fn(new AbortController().signal);
    await task[0].fn(new AbortController().signal);

    const imports = await request(server)
      .get('/api/cost/imports')
      .set('Authorization', mockCredentials.user.header());
    expect(imports.body).toMatchObject({
      totalItems: 1,
      items: [{ source: 'runway-demo', status: 'succeeded', badRowCount: 0 }],
    });
    const cost = await request(server)
      .get('/api/cost/entity-cost?entityRef=component:default/payments')
      .set('Authorization', mockCredentials.user.header());
    expect(cost.body.totals).toEqual([
      { currency: 'USD', amount: expect.any(Number) },
    ]);
    expect(cost.body.anomalies).toEqual([
      expect.objectContaining({ direction: 'spike' }),
    ]);
  });

  it('schedules only the recovery of interrupted imports without sources', async () => {
    const scheduleTask = jest.fn();
    await startTestBackend({
      features: [
        costPlugin,
        mockServices.scheduler.mock({ scheduleTask }).factory,
        catalogServiceMock.factory({ entities: [] }),
      ],
    });
    expect(scheduleTask.mock.calls.map(([task]) => task.id)).toEqual([
      'cost-recover-imports',
    ]);
  });

  it.each(databases.eachSupportedId())(
    'fails the imports a killed backend left running, and drops their staged rows, when it starts (%s)',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const stores = await createCostStores({
        database: mockServices.database({ knex }),
      });
      const batches = readFocusCsv(Readable.from([focusCsv([{}, {}])]), {
        gzipped: false,
        batchSize: 10,
      });
      const { value: batch } = await batches.next();
      const records = batch!.records;
      // One import whose process was killed, one another replica is running right now.
      const killed = await stores.imports.createImport({
        source: 'aws',
        fileName: 'killed.csv',
        contentHash: 'a',
      });
      await stores.imports.stageRows(killed, records);
      await knex('cost_imports')
        .where({ id: killed.id })
        .update({
          heartbeat_at: new Date(
            Date.now() - STALE_IMPORT_MS - 1000,
          ).toISOString(),
        });
      const running = await stores.imports.createImport({
        source: 'gcp',
        fileName: 'running.csv',
        contentHash: 'b',
      });
      await stores.imports.stageRows(running, records);

      const { server } = await startTestBackend({
        features: [
          costPlugin,
          mockServices.database.factory({ knex }),
          catalogServiceMock.factory({ entities: [] }),
        ],
      });
      const imports = await request(server)
        .get('/api/cost/imports')
        .set('Authorization', mockCredentials.service.header());
      const byName = Object.fromEntries(
        imports.body.items.map((item: { fileName: string }) => [
          item.fileName,
          item,
        ]),
      );
      expect(byName['killed.csv']).toMatchObject({
        status: 'failed',
        error:
          'Interrupted: the backend stopped while importing; import the file again',
      });
      expect(byName['running.csv']).toMatchObject({ status: 'running' });
      const staged: Array<{ import_id: string; count: number | string }> =
        await knex('cost_staged_rows')
          .select('import_id')
          .count({ count: '*' })
          .groupBy('import_id');
      expect(
        staged.map(row => ({
          importId: row.import_id,
          rows: Number(row.count),
        })),
      ).toEqual([{ importId: running.id, rows: 2 }]);
    },
  );
});
