import { createApiRef } from '@backstage/core-plugin-api';
import { EnvironmentsApi } from '@runway/plugin-environments-common';

/** The environments backend's API, as an app API. @public */
export const environmentsApiRef = createApiRef<EnvironmentsApi>({
  id: 'plugin.environments.api',
});
