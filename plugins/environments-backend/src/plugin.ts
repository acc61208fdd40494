import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { environmentPermissions } from '@runway/plugin-environments-common';
import { DateTime } from 'luxon';
import { DatabaseEnvironmentStore } from './database/DatabaseEnvironmentStore';
import { EnvironmentNotifier } from './lifecycle/EnvironmentNotifier';
import { LifecycleWorker } from './lifecycle/LifecycleWorker';
import {
  environmentPermissionRules,
  environmentRequestResourceRef,
} from './permissions/rules';
import { createProvisioner } from './provisioning/createProvisioner';
import { AccessControl } from './service/AccessControl';
import { EnvironmentRequests } from './service/EnvironmentRequests';
import { createRouter } from './service/router';
import {
  notConfiguredReason,
  readEnvironmentsSettings,
} from './service/settings';

/**
 * Runway's self-service environments: requests, estimates, approvals, GitOps provisioning
 * and expiry.
 *
 * @public
 */
export const environmentsPlugin = createBackendPlugin({
  pluginId: 'environments',
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
        userInfo: coreServices.userInfo,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
        notifications: notificationService,
      },
      async init({
        logger,
        config,
        database,
        scheduler,
        httpRouter,
        httpAuth,
        auth,
        userInfo,
        permissions,
        permissionsRegistry,
        catalog,
        notifications,
      }) {
        const settings = readEnvironmentsSettings(config);
        const store = await DatabaseEnvironmentStore.create({ database });
        permissionsRegistry.addResourceType({
          resourceRef: environmentRequestResourceRef,
          permissions: environmentPermissions.filter(
            permission => permission.type === 'resource',
          ),
          rules: Object.values(environmentPermissionRules),
          getResources: ids => Promise.all(ids.map(async id => store.get(id))),
        });
        permissionsRegistry.addPermissions(
          environmentPermissions.filter(
            permission => permission.type === 'basic',
          ),
        );

        const clock = () => DateTime.utc();
        const notifier = new EnvironmentNotifier({ notifications, logger });
        const worker = settings.gitops
          ? new LifecycleWorker({
              store,
              provisioner: createProvisioner({
                settings: settings.gitops,
                config,
              }),
              notifier,
              types: settings.types,
              reminderOffsets: settings.reminderOffsets,
              leaseMs: settings.leaseMs,
              logger,
              clock,
            })
          : undefined;
        if (worker) {
          await scheduler.scheduleTask({
            id: 'environments-lifecycle',
            ...settings.schedule,
            fn: () => worker.runOnce(),
          });
        }
        // No demo catalogue and no local provisioner by default: say what to set.
        const notConfigured = notConfiguredReason(settings);
        if (notConfigured) {
          logger.warn(notConfigured);
        }

        const requests = new EnvironmentRequests({
          store,
          settings,
          access: new AccessControl({
            permissions,
            userInfo,
            catalog,
            auth,
            ruleset: permissionsRegistry.getPermissionRuleset(
              environmentRequestResourceRef,
            ),
          }),
          notifier,
          clock,
          onChange:
            worker && settings.startOnChange
              ? () => void worker.kick()
              : undefined,
        });
        httpRouter.use(await createRouter({ httpAuth, requests }));
      },
    });
  },
});
