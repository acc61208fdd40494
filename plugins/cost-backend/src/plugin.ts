import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { costPermissions } from '@runway/plugin-cost-common';
import { createCostStores } from './database/createCostStores';
import { DEMO_SOURCE, DemoDataSource } from './demo/DemoDataSource';
import { FocusImporter } from './ingest/FocusImporter';
import {
  LocalDirectorySource,
  SourceRunSummary,
} from './ingest/LocalDirectorySource';
import { OpenCostSource } from './ingest/OpenCostSource';
import { S3Source } from './ingest/S3Source';
import { CostAccess } from './service/CostAccess';
import { CostAttribution } from './service/CostAttribution';
import { createRouter } from './service/router';
import { readCostSettings } from './service/settings';

/** A place cost is read from on the schedule. */
interface CostSource {
  readonly name: string;
  run(): Promise<SourceRunSummary>;
}

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
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
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
        permissions,
        permissionsRegistry,
        catalog,
      }) {
        permissionsRegistry.addPermissions(costPermissions);
        const settings = readCostSettings(config);
        const { imports, reports } = await createCostStores({ database });
        const attribution = new CostAttribution({
          catalog,
          auth,
          store: reports,
          rules: settings.attribution,
          cacheTtlMs: settings.catalogCacheTtlMs,
        });
        const importer = new FocusImporter({
          store: imports,
          logger,
          batchSize: settings.batchSize,
          limits: settings.limits,
          onImported: () => attribution.invalidate(),
        });

        // Imports a killed process left running: failed, their staged rows dropped, before
        // anything new starts; then again on a schedule, for those a replica leaves behind
        // while the others keep running.
        await importer.recoverInterrupted();
        await scheduler.scheduleTask({
          id: 'cost-recover-imports',
          frequency: { minutes: 1 },
          timeout: { minutes: 1 },
          fn: async () => {
            await importer.recoverInterrupted();
          },
        });

        const sourceLogger = (name: string) =>
          logger.child({ costSource: name });
        const sources: CostSource[] = [
          ...settings.localSources.map(
            source =>
              new LocalDirectorySource({
                ...source,
                cwd: process.cwd(),
                importer,
                logger: sourceLogger(source.name),
              }),
          ),
          ...settings.s3Sources.map(
            source =>
              new S3Source({
                settings: source,
                importer,
                logger: sourceLogger(source.name),
              }),
          ),
          ...settings.openCostSources.map(
            source =>
              new OpenCostSource({
                settings: source,
                importer,
                logger: sourceLogger(source.name),
              }),
          ),
        ];
        if (settings.demo) {
          const demo = new DemoDataSource({
            catalog,
            auth,
            importer,
            logger: logger.child({ costSource: DEMO_SOURCE }),
          });
          await scheduler.scheduleTask({
            id: 'cost-demo-data',
            // Soon after start, so that the demo's cards show cost within seconds: a run
            // waits for the catalog to have taken its components in. Every 10 minutes after
            // that for new components; a run whose generated file is unchanged is skipped by
            // its content hash.
            frequency: { minutes: 10 },
            timeout: { minutes: 5 },
            initialDelay: { seconds: 3 },
            fn: () => demo.run(),
          });
        }
        if (sources.length > 0) {
          await scheduler.scheduleTask({
            id: 'cost-import-sources',
            ...settings.schedule,
            fn: async () => {
              // One unreachable source (a bucket, an OpenCost instance) must not hold back
              // the others.
              for (const source of sources) {
                try {
                  const summary = await source.run();
                  logger.info(
                    `Cost source ${source.name}: ${summary.imported} imported, ${summary.skipped} unchanged, ${summary.failed} failed`,
                  );
                } catch (error) {
                  logger.warn(
                    `Cost source ${source.name} could not be read: ${
                      (error as Error).message
                    }`,
                  );
                }
              }
            },
          });
        }

        httpRouter.use(
          await createRouter({
            httpAuth,
            access: new CostAccess({ permissions, auth }),
            imports,
            reports,
            attribution,
            importer,
            settings,
          }),
        );
      },
    });
  },
});
