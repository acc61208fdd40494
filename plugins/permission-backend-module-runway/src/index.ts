/**
 * Runway's permission policy for the Backstage permission backend.
 *
 * @packageDocumentation
 */
export { permissionModuleRunwayPolicy as default } from './module';
export {
  ADMIN_ONLY_PERMISSIONS,
  RunwayPermissionPolicy,
  readAdmins,
} from './RunwayPermissionPolicy';
export type { MembershipLookup } from './RunwayPermissionPolicy';
