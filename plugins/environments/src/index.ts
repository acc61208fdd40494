/**
 * Runway's self-service environments: the Environments page, the request form with a live
 * estimate, the approval inbox, and the Environments card and tab of services.
 *
 * @packageDocumentation
 */
export {
  environmentsPlugin,
  EnvironmentsPage,
  EntityEnvironmentsCard,
  EntityEnvironmentsContent,
} from './plugin';
export { environmentsApiRef } from './api';
export { isEnvironmentsAvailable } from './filters';
