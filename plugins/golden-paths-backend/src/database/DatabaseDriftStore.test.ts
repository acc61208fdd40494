import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { EntityDrift } from '@runway/plugin-golden-paths-common';
import { DatabaseDriftStore } from './DatabaseDriftStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create();

const EARLIER = new Date('2026-11-22T09:00:00.000Z');
const LATER = new Date('2026-11-22T10:00:00.000Z');

function drift(
  name: string,
  overrides: Partial<EntityDrift> = {},
): EntityDrift {
  return {
    entityRef: `component:default/${name}`,
    entityTitle: name.toUpperCase(),
    ownerRef: 'group:default/team-a',
    templateRef: 'template:default/typescript-service',
    templateTitle: 'TypeScript service',
    recordedVersion: '1.0.0',
    currentVersion: '1.1.0',
    status: 'upgrade-available',
    changes: [{ version: '1.1.0', body: '- Adds a **PDB**.' }],
    checkedAt: EARLIER.toISOString(),
    ...overrides,
  };
}

describe.each(databases.eachSupportedId())('DatabaseDriftStore (%s)', id => {
  async function createStore() {
    const knex = await databases.init(id);
    return DatabaseDriftStore.create({
      database: mockServices.database({ knex }),
    });
  }

  it('round-trips a drift, leaving absent fields absent', async () => {
    const store = await createStore();
    const unknown: EntityDrift = {
      entityRef: 'component:default/orphan',
      templateRef: 'template:default/gone',
      status: 'unknown-template',
      changes: [],
      checkedAt: EARLIER.toISOString(),
    };
    await store.replaceAll([drift('checkout'), unknown], EARLIER);
    expect(await store.get('component:default/checkout')).toEqual(
      drift('checkout'),
    );
    expect(await store.get('component:default/orphan')).toEqual(unknown);
    expect(await store.get('component:default/nope')).toBeUndefined();
  });

  it('replaces a full check, dropping entities no longer checked', async () => {
    const store = await createStore();
    await store.replaceAll([drift('a'), drift('b'), drift('c')], EARLIER);
    await store.replaceAll(
      [
        drift('b', {
          status: 'current',
          changes: [],
          checkedAt: LATER.toISOString(),
        }),
        drift('c', { checkedAt: LATER.toISOString() }),
      ],
      LATER,
    );
    expect((await store.list()).map(d => [d.entityRef, d.status])).toEqual([
      ['component:default/b', 'current'],
      ['component:default/c', 'upgrade-available'],
    ]);
  });

  it('upserts one entity', async () => {
    const store = await createStore();
    await store.upsert(drift('a'));
    await store.upsert(
      drift('a', { recordedVersion: '1.1.0', status: 'current', changes: [] }),
    );
    expect(await store.list()).toEqual([
      drift('a', { recordedVersion: '1.1.0', status: 'current', changes: [] }),
    ]);
  });

  it('filters by status and owner', async () => {
    const store = await createStore();
    await store.replaceAll(
      [
        drift('a'),
        drift('b', { status: 'current', changes: [] }),
        drift('c', { status: 'ahead', ownerRef: 'group:default/team-b' }),
        drift('d', { ownerRef: undefined }),
      ],
      EARLIER,
    );
    const refs = (list: EntityDrift[]) => list.map(d => d.entityRef);
    expect(refs(await store.list({ status: ['upgrade-available'] }))).toEqual([
      'component:default/a',
      'component:default/d',
    ]);
    expect(refs(await store.list({ status: ['current', 'ahead'] }))).toEqual([
      'component:default/b',
      'component:default/c',
    ]);
    expect(
      refs(await store.list({ ownerRef: 'group:default/team-b' })),
    ).toEqual(['component:default/c']);
    expect(
      refs(
        await store.list({
          ownerRef: 'group:default/team-a',
          status: ['upgrade-available'],
        }),
      ),
    ).toEqual(['component:default/a']);
  });

  it('stores large checks in several statements', async () => {
    const store = await createStore();
    const many = Array.from({ length: 450 }, (_, i) =>
      drift(`svc-${String(i).padStart(3, '0')}`),
    );
    await store.replaceAll(many, EARLIER);
    expect(await store.list()).toHaveLength(450);
  });
});
