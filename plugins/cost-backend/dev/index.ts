/*
 * Runs the cost backend alone with a mock catalog: `yarn start` in this package, then e.g.
 *   curl -X POST 'http://localhost:7007/api/cost/imports?fileName=f.csv' \
 *     -H 'Authorization: Bearer mock-service-token' -H 'Content-Type: text/csv' --data-binary @f.csv
 *   curl 'http://localhost:7007/api/cost/overview' -H 'Authorization: Bearer mock-user-token'
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
        kind: 'Component',
        metadata: { name: 'sample', namespace: 'default' },
        spec: { type: 'service', owner: 'team-a' },
      },
    ],
  }),
);
backend.add(import('../src'));

backend.start();
