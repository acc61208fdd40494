import {
  AttributableEntity,
  AttributionIndex,
  costScope,
} from './AttributionIndex';

function entity(
  ref: string,
  extra: Partial<AttributableEntity> = {},
): AttributableEntity {
  const [kind, rest] = ref.split(':');
  const [namespace, name] = rest.split('/');
  return {
    ref,
    kind,
    namespace,
    name,
    annotations: {},
    ownedBy: [],
    partOf: [],
    ...extra,
  };
}

const entities = [
  entity('group:default/team-a'),
  entity('system:default/shop', {
    ownedBy: ['group:default/team-a'],
    annotations: { 'runway.dev/cost-accounts': '222222222222' },
  }),
  entity('component:default/payments', {
    ownedBy: ['group:default/team-b'],
    partOf: ['system:default/shop'],
    annotations: { 'runway.dev/cost-tags': 'pay-api, PayWorker' },
  }),
  entity('component:default/orders', { ownedBy: ['group:default/team-a'] }),
  entity('component:other/orders', { ownedBy: ['group:default/team-c'] }),
];

const index = new AttributionIndex(entities, {
  tagRules: [
    {
      tags: {
        'kubernetes-namespace': 'checkout',
        'kubernetes-cluster': 'eu-1',
      },
      entity: 'component:default/orders',
    },
    {
      tags: { 'kubernetes-namespace': 'Pay' },
      entity: 'system:default/shop',
    },
  ],
  tagKeys: ['backstage-component', 'service', 'app'],
  accountSystems: [
    { subAccountId: '333333333333', system: 'system:default/legacy' },
    { subAccountId: '222222222222', system: 'system:default/ignored' },
  ],
});

describe('AttributionIndex', () => {
  it.each([
    [{ app: 'Payments' }, 'component:default/payments'],
    [{ service: 'payworker' }, 'component:default/payments'],
    [{ app: 'component:other/orders' }, 'component:other/orders'],
    [{ app: 'orders' }, 'component:default/orders'],
    [
      { 'backstage-component': 'orders', app: 'payments' },
      'component:default/orders',
    ],
    [
      { 'backstage-component': 'unknown', app: 'payments' },
      'component:default/payments',
    ],
  ])('attributes tags %j to %s', (tags, owner) => {
    expect(index.attribute({ subAccountId: null, tags })).toBe(owner);
  });

  it('applies the first tag rule whose pairs all match, before the tag keys', () => {
    expect(
      index.attribute({
        subAccountId: null,
        tags: {
          'kubernetes-namespace': 'checkout',
          'kubernetes-cluster': 'eu-1',
          app: 'payments',
        },
      }),
    ).toBe('component:default/orders');
    expect(
      index.attribute({
        subAccountId: null,
        tags: { 'kubernetes-namespace': 'checkout', app: 'payments' },
      }),
    ).toBe('component:default/payments');
    expect(
      index.attribute({
        subAccountId: null,
        tags: { 'kubernetes-namespace': 'pay', 'kubernetes-cluster': 'us-1' },
      }),
    ).toBe('system:default/shop');
  });

  it('falls back to the account annotation, then the configured account rules', () => {
    expect(
      index.attribute({ subAccountId: '222222222222', tags: { app: 'x' } }),
    ).toBe('system:default/shop');
    expect(index.attribute({ subAccountId: '333333333333', tags: null })).toBe(
      'system:default/legacy',
    );
  });

  it('leaves cost unallocated when nothing matches', () => {
    expect(
      index.attribute({
        subAccountId: '999',
        tags: { application: 'payments' },
      }),
    ).toBeUndefined();
    expect(index.attribute({ subAccountId: null, tags: null })).toBeUndefined();
  });
});

describe('costScope', () => {
  it('is the entity itself for a component', () => {
    expect(costScope(entities[2], entities)).toEqual([
      'component:default/payments',
    ]);
  });

  it('adds the parts of a system', () => {
    expect(costScope(entities[1], entities)).toEqual([
      'component:default/payments',
      'system:default/shop',
    ]);
  });

  it('adds what a group owns and the parts of the systems it owns', () => {
    expect(costScope(entities[0], entities)).toEqual([
      'component:default/orders',
      'component:default/payments',
      'group:default/team-a',
      'system:default/shop',
    ]);
  });
});
