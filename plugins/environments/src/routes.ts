import { createRouteRef } from '@backstage/core-plugin-api';

/** The Environments page. */
export const rootRouteRef = createRouteRef({ id: 'environments' });
