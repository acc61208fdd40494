import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { SchedulerServiceTaskInvocationDefinition } from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { focusCsv } from './focus/testFiles';
import { costPlugin } from './plugin';

jest.setTimeout(60_000);

describe('costPlugin', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cost-plugin-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('imports the configured local sources on the configured schedule', async () => {
    await writeFile(join(dir, 'aws.csv'), focusCsv([{ cost: '4' }]));
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
              sources: { local: [{ name: 'local', glob: join(dir, '*.csv') }] },
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
    await scheduleTask.mock.calls[0][0].fn(new AbortController().signal);

    const imports = await request(server)
      .get('/api/cost/imports')
      .set('Authorization', mockCredentials.user.header());
    expect(imports.body).toMatchObject({
      totalItems: 1,
      items: [{ source: 'local', fileName: 'aws.csv', rowsImported: 1 }],
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

  it('schedules nothing without sources', async () => {
    const scheduleTask = jest.fn();
    await startTestBackend({
      features: [
        costPlugin,
        mockServices.scheduler.mock({ scheduleTask }).factory,
        catalogServiceMock.factory({ entities: [] }),
      ],
    });
    expect(scheduleTask).not.toHaveBeenCalled();
  });
});
