import { createRouteRef } from '@backstage/core-plugin-api';

/** The allocation report page in apps on the legacy frontend system. */
export const rootRouteRef = createRouteRef({ id: 'cost' });
