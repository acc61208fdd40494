import { createPermission } from '@backstage/plugin-permission-common';

/** Resource type of environment requests in permission policies. @public */
export const ENVIRONMENT_REQUEST_RESOURCE_TYPE = 'environment-request';

/** Requesting an environment for a service. @public */
export const environmentRequestPermission = createPermission({
  name: 'environments.request.create',
  attributes: { action: 'create' },
});

/** Approving or rejecting a pending request. @public */
export const environmentApprovePermission = createPermission({
  name: 'environments.request.approve',
  attributes: { action: 'update' },
  resourceType: ENVIRONMENT_REQUEST_RESOURCE_TYPE,
});

/** Extending the TTL of an environment. @public */
export const environmentExtendPermission = createPermission({
  name: 'environments.request.extend',
  attributes: { action: 'update' },
  resourceType: ENVIRONMENT_REQUEST_RESOURCE_TYPE,
});

/** Destroying an environment before its TTL, or retrying a failed one. @public */
export const environmentDestroyPermission = createPermission({
  name: 'environments.request.destroy',
  attributes: { action: 'delete' },
  resourceType: ENVIRONMENT_REQUEST_RESOURCE_TYPE,
});

/**
 * Acting on any environment request whatever its owner (approve, extend, destroy) and reading
 * every request: the Runway policy grants it to `runway.admins`. @public
 */
export const environmentManageAllPermission = createPermission({
  name: 'environments.request.manage',
  attributes: { action: 'update' },
});

/** Every permission of the environments plugin. @public */
export const environmentPermissions = [
  environmentRequestPermission,
  environmentApprovePermission,
  environmentExtendPermission,
  environmentDestroyPermission,
  environmentManageAllPermission,
];
