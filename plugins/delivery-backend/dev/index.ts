/*
 * The delivery backend alone, for development (`yarn start` in this package): SQLite in
 * memory, mock auth, and a mock catalog holding one team and one service.
 *
 *   curl -X POST http://localhost:7007/api/delivery/events \
 *     -H 'Authorization: Bearer mock-service-token' -H 'Content-Type: application/json' \
 *     -d '{"type":"deployment","id":"d1","entityRef":"component:default/payments",
 *          "environment":"production","status":"succeeded","finishedAt":"2026-01-05T10:00:00Z"}'
 *   curl 'http://localhost:7007/api/delivery/dora?entityRef=group:default/team-payments&from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z'
 */
import { createBackend } from '@backstage/backend-defaults';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';

const backend = createBackend();

backend.add(mockServices.auth.factory());
backend.add(mockServices.httpAuth.factory());
backend.add(
  catalogServiceMock.factory({
    entities: [
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: { name: 'team-payments', namespace: 'default' },
        spec: { type: 'team', children: [] },
      },
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'payments', namespace: 'default' },
        spec: { type: 'service', owner: 'team-payments' },
        relations: [
          { type: 'ownedBy', targetRef: 'group:default/team-payments' },
        ],
      },
    ],
  }),
);
backend.add(import('../src'));

backend.start();
