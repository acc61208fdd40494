import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity, parseEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  CostAttribution,
  MIN_RELOAD_MS,
  NOT_FOUND_TTL_MS,
} from './CostAttribution';

/** Attribution over `catalog` with no allocation keys, a 60 s TTL and the test's clock. */
function attributionWith(catalog: CatalogService, now: () => number) {
  return new CostAttribution({
    catalog,
    auth: { getOwnServiceCredentials: async () => mockCredentials.service() },
    store: { listAllocationKeys: async () => [] },
    rules: { accountSystems: [] } as never,
    cacheTtlMs: 60_000,
    now,
  });
}

describe('CostAttribution.readableRefs', () => {
  const ANA = mockCredentials.user('user:default/ana');
  const BO = mockCredentials.user('user:default/bo');
  const entity = (ref: string): Entity => {
    const { kind, namespace, name } = parseEntityRef(ref);
    return {
      apiVersion: 'backstage.io/v1alpha1',
      kind: kind === 'component' ? 'Component' : 'System',
      metadata: { namespace, name },
    };
  };

  function setUp() {
    // Not 0: the cache takes an entry stored at time 0 for one without a time.
    let now = 1_000_000;
    /** What each user may read; changed by the tests. */
    const visible: Record<string, Set<string>> = {
      'user:default/ana': new Set([
        'component:default/payments',
        'system:default/shop',
      ]),
      'user:default/bo': new Set(['system:default/shop']),
    };
    const asked: Array<{ user: string; refs: string[] }> = [];
    const catalog = {
      getEntitiesByRefs: jest.fn(async (request, options) => {
        const user = (
          options.credentials.principal as { userEntityRef: string }
        ).userEntityRef;
        asked.push({ user, refs: request.entityRefs });
        return {
          items: request.entityRefs.map((ref: string) =>
            visible[user]?.has(ref) ? entity(ref) : undefined,
          ),
        };
      }),
    } as unknown as CatalogService;
    const attribution = attributionWith(catalog, () => now);
    return {
      attribution,
      asked,
      visible,
      advance: (ms: number) => {
        now += ms;
      },
    };
  }

  const REFS = ['component:default/payments', 'system:default/shop'];

  it('asks the catalog once per caller within the TTL, and only about refs it has not asked', async () => {
    const { attribution, asked } = setUp();
    expect(await attribution.readableRefs(REFS, ANA)).toEqual(new Set(REFS));
    expect(await attribution.readableRefs(REFS, ANA)).toEqual(new Set(REFS));
    expect(
      await attribution.readableRefs(
        [...REFS, 'component:default/orders'],
        ANA,
      ),
    ).toEqual(new Set(REFS));
    expect(asked).toEqual([
      { user: 'user:default/ana', refs: REFS },
      { user: 'user:default/ana', refs: ['component:default/orders'] },
    ]);
  });

  it("never answers one caller with another's answer", async () => {
    const { attribution, asked } = setUp();
    await attribution.readableRefs(REFS, ANA);
    expect(await attribution.readableRefs(REFS, BO)).toEqual(
      new Set(['system:default/shop']),
    );
    expect(asked.map(a => a.user)).toEqual([
      'user:default/ana',
      'user:default/bo',
    ]);
  });

  it('asks again once the TTL has passed: a revoked entity drops out', async () => {
    const { attribution, asked, visible, advance } = setUp();
    await attribution.readableRefs(REFS, ANA);
    visible['user:default/ana'].delete('component:default/payments');
    advance(59_000);
    expect(await attribution.readableRefs(REFS, ANA)).toEqual(new Set(REFS));
    advance(2_000);
    expect(await attribution.readableRefs(REFS, ANA)).toEqual(
      new Set(['system:default/shop']),
    );
    expect(asked).toHaveLength(2);
  });

  it('believes "not in the catalog" only briefly: an entity being ingested is found within seconds', async () => {
    const { attribution, asked, visible, advance } = setUp();
    const ORDERS = 'component:default/orders';
    expect(await attribution.readableRefs([ORDERS], ANA)).toEqual(new Set());
    visible['user:default/ana'].add(ORDERS);
    advance(NOT_FOUND_TTL_MS - 1);
    expect(await attribution.readableRefs([ORDERS], ANA)).toEqual(new Set());
    advance(2);
    expect(await attribution.readableRefs([ORDERS], ANA)).toEqual(
      new Set([ORDERS]),
    );
    // Found, it is kept for the whole TTL like any other answer.
    advance(NOT_FOUND_TTL_MS * 2);
    expect(await attribution.readableRefs([ORDERS], ANA)).toEqual(
      new Set([ORDERS]),
    );
    expect(asked).toHaveLength(2);
  });

  it('asks nothing for no refs', async () => {
    const { attribution, asked } = setUp();
    expect(await attribution.readableRefs([], ANA)).toEqual(new Set());
    expect(asked).toEqual([]);
  });
});

describe('CostAttribution.snapshotCovering', () => {
  const component = (name: string): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { namespace: 'default', name },
  });
  const PAYMENTS = 'component:default/payments';
  const ORDERS = 'component:default/orders';

  function setUp() {
    let now = 1_000_000;
    /** The catalog's cost-kind entities; changed by the tests. */
    const entities = [component('payments')];
    /** While set, readings wait for it: a test asks concurrently meanwhile. */
    let held: Promise<void> | undefined;
    let release = () => {};
    const catalog = {
      getEntities: jest.fn(async () => {
        const items = [...entities];
        await held;
        return { items };
      }),
    } as unknown as CatalogService;
    const attribution = attributionWith(catalog, () => now);
    /** What the catalog has now, as the caller's readable refs would tell. */
    const inCatalog = jest.fn(async (refs: string[]) =>
      refs.filter(ref =>
        entities.some(e => `component:default/${e.metadata.name}` === ref),
      ),
    );
    return {
      attribution,
      entities,
      inCatalog,
      readings: () => (catalog.getEntities as jest.Mock).mock.calls.length,
      advance: (ms: number) => {
        now += ms;
      },
      holdReadings: () => {
        held = new Promise(resolve => {
          release = resolve;
        });
      },
      releaseReading: () => release(),
    };
  }

  it('reads the catalog again for an entity it took in after the snapshot (a fresh start)', async () => {
    const { attribution, entities, inCatalog, readings, advance } = setUp();
    expect((await attribution.snapshot()).entity(ORDERS)).toBeUndefined();
    entities.push(component('orders'));
    advance(MIN_RELOAD_MS);
    const snapshot = await attribution.snapshotCovering([ORDERS], inCatalog);
    expect(snapshot.entity(ORDERS)?.name).toBe('orders');
    expect(readings()).toBe(2);
    // The new reading is the cached one from now on.
    expect((await attribution.snapshot()).entity(ORDERS)).toBeDefined();
    expect(readings()).toBe(2);
  });

  it('reads nothing again when the snapshot has every ref asked', async () => {
    const { attribution, inCatalog, readings, advance } = setUp();
    await attribution.snapshot();
    advance(MIN_RELOAD_MS * 2);
    await attribution.snapshotCovering([PAYMENTS], inCatalog);
    expect(readings()).toBe(1);
    expect(inCatalog).not.toHaveBeenCalled();
  });

  it('reads nothing again for refs the catalog does not have, nor for kinds without cost', async () => {
    const { attribution, inCatalog, readings, advance } = setUp();
    await attribution.snapshot();
    advance(MIN_RELOAD_MS * 2);
    const snapshot = await attribution.snapshotCovering(
      [ORDERS, 'api:default/payments-api', 'user:default/ana'],
      inCatalog,
    );
    expect(snapshot.entity(ORDERS)).toBeUndefined();
    expect(readings()).toBe(1);
    // Only the cost kind was worth asking the catalog about.
    expect(inCatalog.mock.calls).toEqual([[[ORDERS]]]);
  });

  it('reads the catalog at most once per MIN_RELOAD_MS, however often a missing entity is asked', async () => {
    const { attribution, entities, inCatalog, readings, advance } = setUp();
    await attribution.snapshot();
    advance(MIN_RELOAD_MS - 1);
    entities.push(component('orders'));
    const early = await attribution.snapshotCovering([ORDERS], inCatalog);
    expect(early.entity(ORDERS)).toBeUndefined();
    expect(readings()).toBe(1);
    advance(1);
    await attribution.snapshotCovering([ORDERS], inCatalog);
    expect(readings()).toBe(2);
    // A ref that only now goes missing waits for the next MIN_RELOAD_MS.
    entities.push(component('billing'));
    await attribution.snapshotCovering(
      ['component:default/billing'],
      inCatalog,
    );
    expect(readings()).toBe(2);
  });

  it('reads the catalog once for requests that miss the same entity at the same time', async () => {
    const {
      attribution,
      entities,
      inCatalog,
      readings,
      advance,
      holdReadings,
      releaseReading,
    } = setUp();
    await attribution.snapshot();
    entities.push(component('orders'));
    advance(MIN_RELOAD_MS);
    holdReadings();
    const first = attribution.snapshotCovering([ORDERS], inCatalog);
    // Let the first request start the new reading before the second one asks.
    await new Promise(resolve => setImmediate(resolve));
    const second = attribution.snapshotCovering([ORDERS], inCatalog);
    await new Promise(resolve => setImmediate(resolve));
    releaseReading();
    const [a, b] = await Promise.all([first, second]);
    expect(a).toBe(b);
    expect(a.entity(ORDERS)).toBeDefined();
    expect(readings()).toBe(2);
  });
});
