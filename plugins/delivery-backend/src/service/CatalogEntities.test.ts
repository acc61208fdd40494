import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { CatalogEntities } from './CatalogEntities';

const TTL = 60_000;

function component(name: string, owner: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: { owner },
    relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
  };
}

const group: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'team', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

/** A promise the test settles by hand, to hold the catalog's answer. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Whether `promise` settles before anything else that is waiting (timers, held answers). */
async function settlesAtOnce<T>(promise: Promise<T>) {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (let i = 0; i < 20; i++) {
    await Promise.resolve();
  }
  return settled;
}

function setup() {
  const clock = { now: 0 };
  const inMemory = catalogServiceMock({
    entities: [group, component('a', 'team'), component('b', 'team')],
  });
  const catalog = catalogServiceMock.mock({
    getEntityByRef: jest.fn(inMemory.getEntityByRef.bind(inMemory)),
    getEntities: jest.fn(inMemory.getEntities.bind(inMemory)),
    getEntitiesByRefs: jest.fn(inMemory.getEntitiesByRefs.bind(inMemory)),
  });
  const errors: unknown[] = [];
  const entities = new CatalogEntities({
    catalog,
    auth: mockServices.auth(),
    cacheTtlMs: TTL,
    now: () => clock.now,
    onRefreshError: error => errors.push(error),
  });
  const credentials = mockCredentials.user('user:default/alice');
  return { clock, catalog, entities, credentials, errors };
}

describe('CatalogEntities.resolveScope', () => {
  it("waits for the catalog only on the first call, then answers at once and refreshes a stale group's membership in the background", async () => {
    const { clock, catalog, entities, credentials } = setup();
    await expect(
      entities.resolveScope('group:default/team', credentials),
    ).resolves.toEqual(['component:default/a', 'component:default/b']);
    expect(catalog.getEntities).toHaveBeenCalledTimes(1);

    // Past the TTL the catalog hangs: the request must not wait for it.
    clock.now = TTL + 1;
    const held = deferred<{ items: Entity[] }>();
    catalog.getEntities.mockImplementationOnce(() => held.promise);
    const stale = entities.resolveScope('group:default/team', credentials);
    expect(await settlesAtOnce(stale)).toBe(true);
    await expect(stale).resolves.toEqual([
      'component:default/a',
      'component:default/b',
    ]);
    // More requests while the refresh runs start no other (single-flight).
    await entities.resolveScope('group:default/team', credentials);
    await entities.resolveScope('group:default/team', credentials);
    expect(catalog.getEntities).toHaveBeenCalledTimes(2);

    // The refresh lands: later requests see the new membership, still without waiting.
    held.resolve({ items: [component('c', 'team')] });
    await held.promise;
    await new Promise(resolve => setImmediate(resolve));
    const fresh = entities.resolveScope('group:default/team', credentials);
    expect(await settlesAtOnce(fresh)).toBe(true);
    await expect(fresh).resolves.toEqual(['component:default/c']);
    expect(catalog.getEntities).toHaveBeenCalledTimes(2);
  });

  it('keeps the last good membership when a refresh fails, and tries again on a later request', async () => {
    const { clock, catalog, entities, credentials, errors } = setup();
    await entities.resolveScope('group:default/team', credentials);
    clock.now = TTL;
    catalog.getEntities.mockRejectedValueOnce(new Error('catalog down'));
    await expect(
      entities.resolveScope('group:default/team', credentials),
    ).resolves.toHaveLength(2);
    await new Promise(resolve => setImmediate(resolve));
    expect(errors).toEqual([new Error('catalog down')]);
    await expect(
      entities.resolveScope('group:default/team', credentials),
    ).resolves.toHaveLength(2);
    await new Promise(resolve => setImmediate(resolve));
    expect(catalog.getEntities).toHaveBeenCalledTimes(3);
  });

  it('forgets an entity that the refresh no longer finds, so the next request gets the error', async () => {
    const { clock, catalog, entities, credentials } = setup();
    await entities.resolveScope('group:default/team', credentials);
    clock.now = TTL;
    catalog.getEntityByRef.mockResolvedValueOnce(undefined);
    await expect(
      entities.resolveScope('group:default/team', credentials),
    ).resolves.toHaveLength(2);
    await new Promise(resolve => setImmediate(resolve));
    catalog.getEntityByRef.mockResolvedValueOnce(undefined);
    await expect(
      entities.resolveScope('group:default/team', credentials),
    ).rejects.toThrow('No entity group:default/team in the catalog');
  });

  it('shares one first load among concurrent requests and keeps no failed first load', async () => {
    const { catalog, entities, credentials } = setup();
    catalog.getEntities.mockRejectedValueOnce(new Error('catalog down'));
    const first = entities.resolveScope('group:default/team', credentials);
    const second = entities.resolveScope('group:default/team', credentials);
    await expect(first).rejects.toThrow('catalog down');
    await expect(second).rejects.toThrow('catalog down');
    expect(catalog.getEntities).toHaveBeenCalledTimes(1);
    await expect(
      entities.resolveScope('group:default/team', credentials),
    ).resolves.toHaveLength(2);
  });

  it('answers each caller from their own load', async () => {
    const { catalog, entities, credentials } = setup();
    await entities.resolveScope('group:default/team', credentials);
    await entities.resolveScope(
      'group:default/team',
      mockCredentials.user('user:default/bob'),
    );
    expect(catalog.getEntities).toHaveBeenCalledTimes(2);
  });
});

describe('CatalogEntities.describe', () => {
  it('asks the catalog only for entities never described, and refreshes stale ones in one background call', async () => {
    const { clock, catalog, entities, credentials } = setup();
    const first = await entities.describe(
      ['component:default/a', 'component:default/ghost'],
      credentials,
    );
    expect(first.map(e => e.entityRef)).toEqual(['component:default/a']);
    expect(first[0].owners).toEqual(['group:default/team']);
    expect(catalog.getEntitiesByRefs).toHaveBeenCalledTimes(1);

    // A new entity is waited for; the known ones (and the unknown one) are not asked again.
    await entities.describe(
      ['component:default/a', 'component:default/b', 'component:default/ghost'],
      credentials,
    );
    expect(catalog.getEntitiesByRefs).toHaveBeenCalledTimes(2);
    expect(catalog.getEntitiesByRefs.mock.calls[1][0].entityRefs).toEqual([
      'component:default/b',
    ]);

    // Stale and the catalog hangs: the answer comes at once, in the order asked.
    clock.now = TTL;
    const held = deferred<{ items: Array<Entity | undefined> }>();
    catalog.getEntitiesByRefs.mockImplementationOnce(() => held.promise);
    const stale = entities.describe(
      ['component:default/b', 'component:default/a', 'component:default/ghost'],
      credentials,
    );
    expect(await settlesAtOnce(stale)).toBe(true);
    expect((await stale).map(e => e.entityRef)).toEqual([
      'component:default/b',
      'component:default/a',
    ]);
    expect(catalog.getEntitiesByRefs).toHaveBeenCalledTimes(3);
    await entities.describe(['component:default/a'], credentials);
    expect(catalog.getEntitiesByRefs).toHaveBeenCalledTimes(3);

    // The refresh lands: b changed owner, a is gone, the ghost appeared.
    held.resolve({
      items: [component('b', 'other'), undefined, component('ghost', 'team')],
    });
    await held.promise;
    await new Promise(resolve => setImmediate(resolve));
    const fresh = await entities.describe(
      ['component:default/a', 'component:default/b', 'component:default/ghost'],
      credentials,
    );
    expect(fresh.map(e => [e.entityRef, e.owners])).toEqual([
      ['component:default/b', ['group:default/other']],
      ['component:default/ghost', ['group:default/team']],
    ]);
    expect(catalog.getEntitiesByRefs).toHaveBeenCalledTimes(3);
  });

  it('keeps the last good descriptions when a refresh fails', async () => {
    const { clock, catalog, entities, credentials, errors } = setup();
    await entities.describe(['component:default/a'], credentials);
    clock.now = TTL;
    catalog.getEntitiesByRefs.mockRejectedValueOnce(new Error('catalog down'));
    await entities.describe(['component:default/a'], credentials);
    await new Promise(resolve => setImmediate(resolve));
    expect(errors).toHaveLength(1);
    await expect(
      entities.describe(['component:default/a'], credentials),
    ).resolves.toEqual([
      expect.objectContaining({ entityRef: 'component:default/a' }),
    ]);
  });
});

describe('CatalogEntities.findUnknown', () => {
  it('answers from the catalog query it just made even when the cached answers have expired by the time it returns (a short TTL under load)', async () => {
    const inMemory = catalogServiceMock({ entities: [component('a', 'team')] });
    // The process is descheduled for longer than the TTL after the first ref's answer is
    // cached: a busy machine does this at random; here reading the second answer takes 5 ms.
    const catalog = catalogServiceMock.mock({
      getEntitiesByRefs: jest.fn(async (request, options) => {
        const { items } = await inMemory.getEntitiesByRefs(request, options);
        return {
          items: new Proxy(items, {
            get(target, property, receiver) {
              if (property === '1') {
                const until = performance.now() + 5;
                while (performance.now() < until) {
                  // busy: no timer may run
                }
              }
              return Reflect.get(target, property, receiver);
            },
          }),
        };
      }),
    });
    const entities = new CatalogEntities({
      catalog,
      auth: mockServices.auth(),
      cacheTtlMs: 1,
    });
    await expect(
      entities.findUnknown([
        'component:default/ghost',
        'component:default/a',
        'component:default/other-ghost',
      ]),
    ).resolves.toEqual(
      new Set(['component:default/ghost', 'component:default/other-ghost']),
    );
  });
});
