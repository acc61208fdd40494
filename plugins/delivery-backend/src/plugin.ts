import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { CatalogEntityResolver } from './adapters';
import {
  DatabaseIngestionTokenStore,
  GithubOidcVerifier,
  IngestionAuthenticator,
  RepositoryScope,
} from './auth';
import { DatabaseDeliveryStore } from './database/DatabaseDeliveryStore';
import { seedDemoHistory } from './demo';
import { CatalogEntities } from './service/CatalogEntities';
import { DoraReports } from './service/DoraReports';
import { EventIngestion } from './service/EventIngestion';
import {
  catalogFingerprint,
  UnmatchedRefresh,
} from './service/UnmatchedRefresh';
import { createRouter, SELF_AUTHENTICATED_PATHS } from './service/router';
import { doraReadModelEnabled, readDeliverySettings } from './service/settings';

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
        permissions: coreServices.permissions,
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
        permissions,
        auth,
        catalog,
      }) {
        const settings = readDeliverySettings(config);
        const readModel = doraReadModelEnabled(
          settings,
          (await database.getClient()).client.config.client,
        );
        const store = await DatabaseDeliveryStore.create({
          database,
          logger,
          ...(readModel
            ? {
                doraReadModel: {
                  attributionWindowHours:
                    settings.incidentAttributionWindowHours,
                },
              }
            : {}),
        });
        const entities = new CatalogEntities({
          catalog,
          auth,
          cacheTtlMs: settings.catalogCacheTtlMs,
          onRefreshError: error =>
            logger.warn(
              `Catalog refresh failed, reads keep the last answer: ${error}`,
            ),
        });
        const resolver = new CatalogEntityResolver({
          catalog,
          auth,
          cacheTtlMs: settings.catalogCacheTtlMs,
          logger,
        });
        const ingestion = new EventIngestion({
          store,
          entities,
          resolver,
          logger,
        });
        const tokens = await DatabaseIngestionTokenStore.create({ database });
        const { githubOidc } = settings;
        httpRouter.use(
          await createRouter({
            httpAuth,
            permissions,
            logger,
            store,
            reports: new DoraReports({ store, entities, settings }),
            ingestion,
            settings,
            tokens,
            authenticator: new IngestionAuthenticator({
              httpAuth,
              permissions,
              tokens,
              githubOidc: githubOidc.enabled
                ? new GithubOidcVerifier(githubOidc)
                : undefined,
            }),
            repositoryScope: new RepositoryScope({ catalog, auth, resolver }),
          }),
        );
        for (const path of SELF_AUTHENTICATED_PATHS) {
          httpRouter.addAuthPolicy({ path, allow: 'unauthenticated' });
        }

        // Events that matched no entity count once their component or annotations appear:
        // re-resolved within a minute or two of a catalog change, and every 10 minutes
        // regardless. One runner at a time across replicas; re-resolving is idempotent.
        const unmatchedRefresh = new UnmatchedRefresh({
          hasUnmatched: async () =>
            (await store.listUnmatchedByKey({ limit: 1 })).length > 0,
          fingerprint: () => catalogFingerprint(catalog, auth),
          resolve: () => ingestion.resolveUnmatched(),
          cacheTtlMs: settings.catalogCacheTtlMs,
          fullIntervalMs: 10 * 60_000,
        });
        await scheduler.scheduleTask({
          id: 'delivery-resolve-unmatched',
          frequency: { minutes: 1 },
          timeout: { minutes: 10 },
          initialDelay: { minutes: 1 },
          fn: async () => {
            const result = await unmatchedRefresh.tick(Date.now());
            if (result) {
              logger.info(
                `Unmatched delivery events: ${result.resolved} resolved, ${result.unmatched} still unmatched; ${result.commitsFilled} deployments given late commits`,
              );
            }
          },
        });

        if (readModel) {
          // Builds the DORA read model from the stored events when it is switched on for
          // them, or the attribution window changed: minutes for a million events, so in the
          // background, while reads run the engine. One runner across replicas; the others
          // see it built within 30 s. An interrupted build starts again at the next run.
          if (store.doraReadModelNeedsRebuild) {
            logger.info(
              'DORA read model: building it from the stored events in the background; /dora and /overview compute from the events until it is done',
            );
          }
          await scheduler.scheduleTask({
            id: 'delivery-dora-read-model',
            frequency: { minutes: 10 },
            timeout: { hours: 12 },
            initialDelay: { seconds: 1 },
            fn: async () => {
              const started = Date.now();
              const result = await store.rebuildDoraReadModel();
              if (result) {
                logger.info(
                  `DORA read model built from the stored events of ${
                    result.entities
                  } entities in ${Math.round((Date.now() - started) / 1000)} s`,
                );
              }
            },
          });
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
