import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Uploading a FOCUS file: it replaces the billing periods it covers for its source, so the
 * Runway policy reserves it to `runway.admins`. Static external-access tokens (export
 * pipelines) restricted to the cost plugin carry it by configuration. @public
 */
export const costImportCreatePermission = createPermission({
  name: 'cost.import.create',
  attributes: { action: 'create' },
});

/** Deleting an import and the cost rows it brought. @public */
export const costImportDeletePermission = createPermission({
  name: 'cost.import.delete',
  attributes: { action: 'delete' },
});

/**
 * Organisation-wide cost views: the allocation report over every entity and every import's
 * details. Without it a caller sees only what the catalog lets them see. @public
 */
export const costOrganizationReadPermission = createPermission({
  name: 'cost.organization.read',
  attributes: { action: 'read' },
});

/** Every permission of the cost plugin. @public */
export const costPermissions = [
  costImportCreatePermission,
  costImportDeletePermission,
  costOrganizationReadPermission,
];
