/**
 * Runway's scaffolder actions for golden-path templates.
 *
 * @packageDocumentation
 */

import { createBackendFeatureLoader } from '@backstage/backend-plugin-api';
import { catalogModuleRunwayLocalRepositories } from './catalog/module';
import { scaffolderModuleRunway } from './module';

/**
 * Everything this package adds to a backend: the scaffolder actions and the catalog module
 * that reads repositories `runway:publish:local` created. One default export, because a
 * portal that installs plugins dynamically (Red Hat Developer Hub) installs only a package's
 * default export. The catalog module only reads its own location type, and accepts new
 * locations of that type only when local publishing is enabled.
 *
 * @public
 */
export default createBackendFeatureLoader({
  loader() {
    return [scaffolderModuleRunway, catalogModuleRunwayLocalRepositories];
  },
});

export { scaffolderModuleRunway, catalogModuleRunwayLocalRepositories };
export {
  LOCAL_REPOSITORY_LOCATION_TYPE,
  LocalRepositoryProcessor,
} from './catalog/LocalRepositoryProcessor';
export { createCheckConformanceAction } from './actions/checkConformance';
export { createRecordTemplateAction } from './actions/recordTemplate';
export { createRegisterDeliveryAction } from './actions/registerDelivery';
export { createPublishLocalAction } from './actions/publishLocal';
export { createRegisterLocalAction } from './actions/registerLocal';
export { createRequestEnvironmentAction } from './actions/requestEnvironment';
export {
  TEMPLATE_ANNOTATION,
  TEMPLATE_VERSION_ANNOTATION,
} from './annotations';
