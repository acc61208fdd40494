import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { CatalogEntityResolver } from './adapters';
import { DatabaseDeliveryStore } from './database/DatabaseDeliveryStore';
import { seedDemoHistory } from './demo';
import { CatalogEntities } from './service/CatalogEntities';
import { EventIngestion } from './service/EventIngestion';
import { createRouter, SELF_AUTHENTICATED_PATHS } from './service/router';
import { readDeliverySettings } from './service/settings';

/**
 * Runway's delivery backend: ingests CI/CD events and computes pipeline state and DORA
 * metrics.
 *
 * @public
 */
export const deliveryPlugin = createBackendPlugin({
  pluginId: 'delivery',
  register(env) {
    env.registerInit({
      deps: {
        logger: coreServices.logger,
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        scheduler: coreServices.scheduler,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
      },
      async init({
        logger,
        scheduler,
        config,
        database,
        httpRouter,
        httpAuth,
        auth,
        catalog,
      }) {
        const settings = readDeliverySettings(config);
        const store = await DatabaseDeliveryStore.create({ database });
        const entities = new CatalogEntities({
          catalog,
          auth,
          cacheTtlMs: settings.catalogCacheTtlMs,
        });
        const ingestion = new EventIngestion({
          store,
          entities,
          resolver: new CatalogEntityResolver({
            catalog,
            auth,
            cacheTtlMs: settings.catalogCacheTtlMs,
          }),
          logger,
        });
        httpRouter.use(
          await createRouter({
            httpAuth,
            store,
            entities,
            ingestion,
            settings,
          }),
        );
        for (const path of SELF_AUTHENTICATED_PATHS) {
          httpRouter.addAuthPolicy({ path, allow: 'unauthenticated' });
        }

        if (settings.demoData) {
          // One runner across replicas; each run adds what "happened" since the last one.
          await scheduler.scheduleTask({
            id: 'delivery-demo-history',
            frequency: { hours: 1 },
            timeout: { minutes: 15 },
            initialDelay: { seconds: 5 },
            fn: async () => {
              const result = await seedDemoHistory({ store, now: new Date() });
              logger.info(
                `Demo delivery history: ${result.created} events added, ${result.updated} refreshed (delivery.demoData)`,
              );
            },
          });
        }
      },
    });
  },
});
