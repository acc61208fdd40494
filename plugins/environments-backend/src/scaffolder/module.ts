import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createRequestEnvironmentAction } from './requestEnvironment';

/**
 * The scaffolder action `runway:environment:request`, for the environment-request template.
 *
 * @public
 */
export const environmentsScaffolderModule = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'runway-environments',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
      },
      async init({ scaffolder, auth, discovery }) {
        scaffolder.addActions(
          createRequestEnvironmentAction({ auth, discovery }),
        );
      },
    });
  },
});
