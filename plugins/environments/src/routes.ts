import { createRouteRef } from '@backstage/core-plugin-api';

/** The Environments page. @public */
export const rootRouteRef = createRouteRef({ id: 'environments' });
