import { mockServices } from '@backstage/backend-test-utils';
import { DatabaseDeliveryStore } from '../database/DatabaseDeliveryStore';
import { seedDemoHistory } from './seedDemoHistory';
import { createTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(120_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())('seedDemoHistory (%s)', id => {
  it('writes the history once and only updates it when run again', async () => {
    const knex = await databases.init(id);
    const store = await DatabaseDeliveryStore.create({
      database: mockServices.database({ knex }),
    });
    const now = new Date('2026-11-22T06:40:00Z');

    const first = await seedDemoHistory({ store, now, days: 30 });
    expect(first.created).toBe(first.events);
    expect(first.updated).toBe(0);

    const again = await seedDemoHistory({ store, now, days: 30 });
    expect(again).toEqual({
      events: first.events,
      created: 0,
      updated: first.events,
    });

    const { deployments } = await store.listDoraEvents({
      entityRefs: ['component:default/catalog-search'],
      environment: 'production',
      from: new Date(0),
      to: now,
    });
    expect(deployments.length).toBeGreaterThan(30);
    expect(deployments[0].commits!.length).toBeGreaterThan(0);
  });
});
