import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { deliveryPlugin } from './plugin';
import { createTestDatabases } from './__testUtils__/testDatabases';
import { DatabaseDeliveryStore } from './database/DatabaseDeliveryStore';

jest.setTimeout(120_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())('deliveryPlugin (%s)', id => {
  async function start(delivery: object) {
    const knex = await databases.init(id);
    const backend = await startTestBackend({
      features: [
        deliveryPlugin,
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({ data: { delivery } }),
        mockServices.scheduler.factory({
          includeInitialDelayedTasksOnStartup: true,
        }),
        catalogServiceMock.factory(),
      ],
    });
    return { ...backend, knex };
  }

  async function facts(knex: Awaited<ReturnType<typeof start>>['knex']) {
    const [{ n }] = await knex('dora_deployment_facts').count({ n: '*' });
    return Number(n);
  }

  async function deployments(knex: Awaited<ReturnType<typeof start>>['knex']) {
    const [{ n }] = await knex('deployments').count({ n: '*' });
    return Number(n);
  }

  it('starts without demo data by default', async () => {
    const { server, knex } = await start({});
    expect(server.address()).toBeTruthy();
    expect(await deployments(knex)).toBe(0);
    await server.stop();
  });

  it('keeps the DORA read model by default on PostgreSQL only, built from stored events in the background', async () => {
    const knex = await databases.init(id);
    // Events stored before the model existed (as by a release without it, or with it off).
    const store = await DatabaseDeliveryStore.create({
      database: mockServices.database({ knex }),
    });
    await store.writeEvents({
      source: 'api',
      events: [
        {
          type: 'deployment',
          id: 'd1',
          entityRef: 'component:default/payments',
          environment: 'production',
          status: 'succeeded',
          finishedAt: '2026-01-05T10:00:00.000Z',
          commits: [{ sha: 'abc', timestamp: '2026-01-04T10:00:00.000Z' }],
        },
      ],
    });
    expect(await facts(knex)).toBe(0);

    const { server } = await startTestBackend({
      features: [
        deliveryPlugin,
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({ data: {} }),
        mockServices.scheduler.factory({
          includeInitialDelayedTasksOnStartup: true,
        }),
        catalogServiceMock.factory(),
      ],
    });
    const postgres = id.startsWith('POSTGRES');
    const deadline = Date.now() + 30_000;
    while (postgres && (await facts(knex)) === 0 && Date.now() < deadline) {
      await new Promise(resolve => setTimeout(resolve, 200));
    }
    expect(await facts(knex)).toBe(postgres ? 1 : 0);
    await server.stop();
  });

  it('fills the demo history when delivery.demoData is on', async () => {
    const { server, knex } = await start({ demoData: true });
    const deadline = Date.now() + 60_000;
    while ((await deployments(knex)) === 0 && Date.now() < deadline) {
      await new Promise(resolve => setTimeout(resolve, 200));
    }
    expect(await deployments(knex)).toBeGreaterThan(1000);
    await server.stop();
  });
});
