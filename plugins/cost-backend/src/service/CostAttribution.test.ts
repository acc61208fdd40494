import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity, parseEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { CostAttribution } from './CostAttribution';

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
    const attribution = new CostAttribution({
      catalog,
      auth: { getOwnServiceCredentials: async () => mockCredentials.service() },
      store: { listAllocationKeys: async () => [] },
      rules: { accountSystems: [] } as never,
      cacheTtlMs: 60_000,
      now: () => now,
    });
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

  it('asks nothing for no refs', async () => {
    const { attribution, asked } = setUp();
    expect(await attribution.readableRefs([], ANA)).toEqual(new Set());
    expect(asked).toEqual([]);
  });
});
