/*
 * The backend the hand-run scripts (benchmark.ts, benchmarkReplicas.ts, faults.ts) start: this
 * plugin with mock auth, permissions and a mock catalog of the synthetic organisation
 * (syntheticHistory.ts), on the database they give it.
 */
import { createBackend } from '@backstage/backend-defaults';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JsonObject } from '@backstage/types';
import { syntheticEntities } from './syntheticHistory';

export interface SyntheticBackendOptions {
  port: number;
  /** backend.database config: client, connection and, on PostgreSQL, a prefix. */
  database: JsonObject;
  /** How many synthetic services the mock catalog holds. */
  services: number;
  /** delivery.dora.readModel; undefined leaves the plugin's default. */
  readModel?: boolean;
}

export async function startSyntheticBackend(options: SyntheticBackendOptions) {
  const { port, database, services, readModel } = options;
  const backend = createBackend();
  backend.add(
    mockServices.rootConfig.factory({
      data: {
        backend: {
          baseUrl: `http://localhost:${port}`,
          listen: { port },
          database,
        },
        ...(readModel === undefined
          ? {}
          : { delivery: { dora: { readModel } } }),
      },
    }),
  );
  backend.add(mockServices.rootLogger.factory({ level: 'warn' }));
  backend.add(mockServices.auth.factory());
  backend.add(mockServices.httpAuth.factory());
  backend.add(mockServices.permissions.factory());
  backend.add(
    catalogServiceMock.factory({ entities: syntheticEntities(services) }),
  );
  backend.add(import('../src'));
  await backend.start();
  return backend;
}
