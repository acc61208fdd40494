import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Entity } from '@backstage/catalog-model';
import permissionBackend from '@backstage/plugin-permission-backend';
import request from 'supertest';
import permissionModuleRunwayPolicy from './index';

// The module installed in a real permission backend: decisions come from the HTTP API other
// plugins call, with group membership read from the catalog.
const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'kwame', namespace: 'default' },
    spec: { memberOf: ['team-platform'] },
    relations: [{ type: 'memberOf', targetRef: 'group:default/team-platform' }],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'amara', namespace: 'default' },
    spec: { memberOf: ['team-payments'] },
    relations: [{ type: 'memberOf', targetRef: 'group:default/team-payments' }],
  },
];

async function decisionsFor(userRef: string, names: string[]) {
  const { server } = await startTestBackend({
    features: [
      permissionBackend,
      permissionModuleRunwayPolicy,
      catalogServiceMock.factory({ entities }),
      mockServices.rootConfig.factory({
        data: {
          permission: { enabled: true },
          runway: { admins: ['group:default/team-platform'] },
        },
      }),
    ],
  });
  const response = await request(server)
    .post('/api/permission/authorize')
    .set('Authorization', mockCredentials.user.header(userRef))
    .send({
      items: names.map((name, index) => ({
        id: String(index),
        permission: { type: 'basic', name, attributes: {} },
      })),
    });
  expect(response.status).toBe(200);
  return response.body.items.map((item: { result: string }) => item.result);
}

describe('permissionModuleRunwayPolicy', () => {
  it('allows the admin-only permissions to a member of an admin group found in the catalog', async () => {
    await expect(
      decisionsFor('user:default/kwame', [
        'cost.import.create',
        'delivery.unmatched.read',
        'environments.request.manage',
        'catalog.entity.create',
      ]),
    ).resolves.toEqual(['ALLOW', 'ALLOW', 'ALLOW', 'ALLOW']);
  });

  it('denies them to a member of another team, who keeps everything else', async () => {
    await expect(
      decisionsFor('user:default/amara', [
        'cost.import.create',
        'cost.organization.read',
        'delivery.unmatched.read',
        'environments.request.manage',
        'catalog.entity.create',
      ]),
    ).resolves.toEqual(['DENY', 'DENY', 'DENY', 'DENY', 'ALLOW']);
  });
});
