import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createCheckConformanceAction } from './actions/checkConformance';
import { createRecordTemplateAction } from './actions/recordTemplate';
import { createRegisterDeliveryAction } from './actions/registerDelivery';

/** Runway's scaffolder actions: `runway:template:record`, `runway:delivery:register`, `runway:conformance:check`. */
export const scaffolderModuleRunway = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'runway',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ scaffolder, config }) {
        scaffolder.addActions(
          createRecordTemplateAction(),
          createRegisterDeliveryAction({
            integrations: ScmIntegrations.fromConfig(config),
            config,
          }),
          createCheckConformanceAction(),
        );
      },
    });
  },
});
