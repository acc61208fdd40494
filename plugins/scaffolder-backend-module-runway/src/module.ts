import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createCheckConformanceAction } from './actions/checkConformance';
import { createPublishLocalAction } from './actions/publishLocal';
import { createRecordTemplateAction } from './actions/recordTemplate';
import { createRegisterDeliveryAction } from './actions/registerDelivery';
import { createRegisterLocalAction } from './actions/registerLocal';
import { createRequestEnvironmentAction } from './actions/requestEnvironment';

/**
 * Runway's scaffolder actions: `runway:template:record`, `runway:delivery:register`,
 * `runway:conformance:check`, `runway:environment:request`, and `runway:publish:local` with
 * `runway:catalog:register-local` (demo and evaluation portals; refused unless
 * `scaffolder.runway.localPublish.enabled`).
 *
 * @public
 */
export const scaffolderModuleRunway = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'runway',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        permissions: coreServices.permissions,
      },
      async init({
        scaffolder,
        config,
        discovery,
        auth,
        catalog,
        permissions,
      }) {
        scaffolder.addActions(
          createRecordTemplateAction(),
          createRegisterDeliveryAction({
            integrations: ScmIntegrations.fromConfig(config),
            config,
            discovery,
            auth,
            catalog,
            permissions,
          }),
          createCheckConformanceAction(),
          createPublishLocalAction({ config }),
          createRegisterLocalAction({ config, catalog }),
          createRequestEnvironmentAction({ auth, discovery }),
        );
      },
    });
  },
});
