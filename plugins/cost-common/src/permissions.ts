import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Uploading a FOCUS file: it replaces the billing periods it covers for its source, so a
 * policy may reserve it to the people who manage cost exports. Static external-access tokens
 * (export pipelines) are allowed by configuration instead. @public
 */
export const costImportCreatePermission = createPermission({
  name: 'cost.import.create',
  attributes: { action: 'create' },
});

/** Every permission of the cost plugin. @public */
export const costPermissions = [costImportCreatePermission];
