import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { deliveryPlugin } from './plugin';
import { createTestDatabases } from './__testUtils__/testDatabases';

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
