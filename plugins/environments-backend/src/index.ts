/**
 * Runway's self-service environments backend.
 *
 * @packageDocumentation
 */
export { environmentsPlugin as default } from './plugin';
export {
  environmentConditions,
  createEnvironmentConditionalDecision,
  environmentPermissionRules,
  environmentRequestResourceRef,
} from './permissions/rules';
export type {
  EnvironmentQuery,
  EnvironmentResource,
} from './permissions/rules';
