import {
  coreServices,
  createBackendPlugin,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { DatabaseDriftStore } from './database/DatabaseDriftStore';
import { ChangelogReader } from './service/ChangelogReader';
import { DriftChecker } from './service/DriftChecker';
import { createRouter } from './service/router';

/** Defaults of `goldenPaths.drift.schedule` (config.d.ts). */
export const DEFAULT_DRIFT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 10 },
  timeout: { minutes: 5 },
  // Give the catalog time to read its locations after a cold start.
  initialDelay: { seconds: 30 },
};

function readDriftSchedule(
  config: Config,
): SchedulerServiceTaskScheduleDefinition {
  const schedule = config.getOptionalConfig('goldenPaths.drift.schedule');
  return schedule
    ? readSchedulerServiceTaskScheduleDefinitionFromConfig(schedule)
    : DEFAULT_DRIFT_SCHEDULE;
}

/**
 * Runway's golden-paths backend: template drift of the entities created from templates.
 *
 * @public
 */
export const goldenPathsPlugin = createBackendPlugin({
  pluginId: 'golden-paths',
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
        urlReader: coreServices.urlReader,
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
        urlReader,
        catalog,
      }) {
        const store = await DatabaseDriftStore.create({ database });
        const checker = new DriftChecker({
          catalog,
          auth,
          store,
          logger,
          changelogs: new ChangelogReader({
            urlReader,
            integrations: ScmIntegrations.fromConfig(config),
          }),
        });
        await scheduler.scheduleTask({
          id: 'golden-paths-drift-check',
          ...readDriftSchedule(config),
          fn: async () => {
            await checker.checkAll();
          },
        });
        httpRouter.use(
          await createRouter({ httpAuth, catalog, store, checker }),
        );
      },
    });
  },
});
