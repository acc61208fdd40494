/*
 * Runs the environments backend alone with a mock catalog and mock sign-in: `yarn start` in
 * this package (port 7007 unless APP_CONFIG_backend_listen_port says otherwise), then e.g.
 *   curl -X POST http://localhost:7007/api/environments/requests \
 *     -H 'Authorization: Bearer mock-user-token' -H 'Content-Type: application/json' \
 *     -d '{"entityRef":"component:default/sample","type":"preview","size":"small","purpose":"try"}'
 *   curl http://localhost:7007/api/environments/requests -H 'Authorization: Bearer mock-user-token'
 * The mock user is user:default/mock; it is a member of team-a, which owns `sample`.
 */
import { createBackend } from '@backstage/backend-defaults';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';

const backend = createBackend();

backend.add(mockServices.auth.factory());
backend.add(mockServices.httpAuth.factory());
backend.add(mockServices.userInfo.factory());
backend.add(
  catalogServiceMock.factory({
    entities: [
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'sample', namespace: 'default' },
        spec: { type: 'service', owner: 'team-a' },
        relations: [{ type: 'ownedBy', targetRef: 'group:default/team-a' }],
      },
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'User',
        metadata: { name: 'mock', namespace: 'default' },
        spec: {},
        relations: [{ type: 'memberOf', targetRef: 'group:default/team-a' }],
      },
    ],
  }),
);
backend.add(import('@backstage/plugin-notifications-backend'));
// Mock sign-in tokens carry no plugin actor, which the permission backend requires for
// conditional decisions; the mock permissions service allows everything instead.
backend.add(
  mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
);
backend.add(import('../src'));

backend.start();
