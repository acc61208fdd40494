/**
 * Runway's scaffolder actions for golden-path templates.
 *
 * @packageDocumentation
 */

export { scaffolderModuleRunway as default } from './module';
export { createCheckConformanceAction } from './actions/checkConformance';
export { createRecordTemplateAction } from './actions/recordTemplate';
export { createRegisterDeliveryAction } from './actions/registerDelivery';
export {
  TEMPLATE_ANNOTATION,
  TEMPLATE_VERSION_ANNOTATION,
} from './annotations';
