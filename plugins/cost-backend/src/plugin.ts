import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { DatabaseCostStore } from './database/DatabaseCostStore';
import { DEMO_SOURCE, DemoDataSource } from './demo/DemoDataSource';
import { FocusImporter } from './ingest/FocusImporter';
import { LocalDirectorySource } from './ingest/LocalDirectorySource';
import { CostAttribution } from './service/CostAttribution';
import { createRouter } from './service/router';
import { readCostSettings } from './service/settings';

/**
 * Runway's cost backend: imports FinOps FOCUS exports and serves cost per catalog entity.
 *
 * @public
 */
export const costPlugin = createBackendPlugin({
  pluginId: 'cost',
  register(env) {
    env.registerInit({
      deps: {
        logger: coreServices.logger,
        config: coreServices.rootConfig,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
      },
      async init({
        logger,
        config,
        database,
        scheduler,
        httpRouter,
        httpAuth,
        auth,
        catalog,
      }) {
        const settings = readCostSettings(config);
        const store = await DatabaseCostStore.create({ database });
        const attribution = new CostAttribution({
          catalog,
          auth,
          store,
          rules: settings.attribution,
          cacheTtlMs: settings.catalogCacheTtlMs,
        });
        const importer = new FocusImporter({
          store,
          logger,
          batchSize: settings.batchSize,
          onImported: () => attribution.invalidate(),
        });

        const sources = settings.localSources.map(
          source =>
            new LocalDirectorySource({
              ...source,
              cwd: process.cwd(),
              importer,
              logger: logger.child({ costSource: source.name }),
            }),
        );
        if (settings.demo) {
          const demo = new DemoDataSource({
            catalog,
            auth,
            importer,
            logger: logger.child({ costSource: DEMO_SOURCE }),
          });
          await scheduler.scheduleTask({
            id: 'cost-demo-data',
            // Frequent, because the catalog may still be empty on the first run; a run whose
            // generated file is unchanged is skipped by its content hash.
            frequency: { minutes: 10 },
            timeout: { minutes: 5 },
            initialDelay: { seconds: 20 },
            fn: () => demo.run(),
          });
        }
        if (sources.length > 0) {
          await scheduler.scheduleTask({
            id: 'cost-import-sources',
            ...settings.schedule,
            fn: async () => {
              for (const source of sources) {
                const summary = await source.run();
                logger.info(
                  `Cost source ${source.name}: ${summary.imported} imported, ${summary.skipped} unchanged, ${summary.failed} failed`,
                );
              }
            },
          });
        }

        httpRouter.use(
          await createRouter({
            httpAuth,
            store,
            attribution,
            importer,
            settings,
          }),
        );
      },
    });
  },
});
