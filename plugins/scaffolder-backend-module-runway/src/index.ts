/**
 * Runway's scaffolder actions for golden-path templates.
 *
 * @packageDocumentation
 */

export { scaffolderModuleRunway as default } from './module';
export { catalogModuleRunwayLocalRepositories } from './catalog/module';
export {
  LOCAL_REPOSITORY_LOCATION_TYPE,
  LocalRepositoryProcessor,
} from './catalog/LocalRepositoryProcessor';
export { createCheckConformanceAction } from './actions/checkConformance';
export { createRecordTemplateAction } from './actions/recordTemplate';
export { createRegisterDeliveryAction } from './actions/registerDelivery';
export { createPublishLocalAction } from './actions/publishLocal';
export { createRegisterLocalAction } from './actions/registerLocal';
export {
  TEMPLATE_ANNOTATION,
  TEMPLATE_VERSION_ANNOTATION,
} from './annotations';
