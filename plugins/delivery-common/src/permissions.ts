import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Posting delivery events (`POST /events`) with a Backstage service credential, e.g. a static
 * external-access token restricted to this permission. Repository-bound callers (GitHub
 * Actions OIDC, repository ingestion tokens) are checked against the entities they report for
 * instead. @public
 */
export const deliveryEventCreatePermission = createPermission({
  name: 'delivery.event.create',
  attributes: { action: 'create' },
});

/**
 * Reading events that matched no catalog entity (`GET /unmatched`): they hold repository
 * names, branch names and authors of every source, so a policy reserves it to the platform
 * team. @public
 */
export const deliveryUnmatchedReadPermission = createPermission({
  name: 'delivery.unmatched.read',
  attributes: { action: 'read' },
});

/**
 * Issuing an ingestion token bound to one repository (the golden-path templates' fallback
 * when a pipeline cannot use OIDC). @public
 */
export const deliveryTokenCreatePermission = createPermission({
  name: 'delivery.token.create',
  attributes: { action: 'create' },
});

/** Every permission of the delivery plugin. @public */
export const deliveryPermissions = [
  deliveryEventCreatePermission,
  deliveryUnmatchedReadPermission,
  deliveryTokenCreatePermission,
];
